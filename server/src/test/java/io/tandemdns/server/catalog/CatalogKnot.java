package io.tandemdns.server.catalog;

import io.tandemdns.server.sync.SyncTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real knotd (3.2) on 127.0.0.1 and a port of its own, in a private directory, with a
 * multi-zone configuration the test passes as text: everything after the server/control/
 * database/log sections ({@code key:}, {@code remote:}, {@code acl:}, {@code template:},
 * {@code zone:}). {@code @DIR@} in that text stands for the private directory (Knot wants absolute
 * storage paths). The shared TSIG key is declared as {@code key: xfr.} when the body uses
 * {@code @KEY@} (it is replaced by the key section). Stopped by its own process handle.
 */
final class CatalogKnot implements AutoCloseable {
  final Path dir;
  final int port;
  private final Path conf;
  private Process process;

  private CatalogKnot(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.conf = dir.resolve("knot.conf");
  }

  /** The {@code key:} section for the shared test key, to put in a body. */
  static String keySection() {
    return "key:\n  - id: " + CatalogSupport.KEY + "\n    algorithm: hmac-sha256\n    secret: "
        + CatalogSupport.SECRET + "\n";
  }

  /** Starts knotd on {@code port} (0: a free one) with {@code body}, waits for its control socket. */
  static CatalogKnot start(Path dir, int port, String body) throws Exception {
    CatalogSupport.require("/usr/sbin/knotd");
    CatalogSupport.require("/usr/sbin/knotc");
    Files.createDirectories(dir.resolve("db"));
    CatalogKnot k = new CatalogKnot(dir, port > 0 ? port : CatalogSupport.freePort());
    k.writeConf(body);
    k.launch();
    return k;
  }

  private void writeConf(String body) throws IOException {
    String header = "server:\n"
        + "    rundir: \"" + dir + "\"\n"
        + "    listen: 127.0.0.1@" + port + "\n"
        + "    background-workers: 1\n"
        + "control:\n"
        + "    listen: \"" + dir.resolve("knot.sock") + "\"\n"
        + "database:\n"
        + "    storage: \"" + dir.resolve("db") + "\"\n"
        + "log:\n"
        + "  - target: \"" + dir.resolve("knotd.log") + "\"\n"
        + "    any: info\n";
    Files.writeString(conf, header + body.replace("@DIR@", dir.toString()));
  }

  private void launch() throws Exception {
    Files.deleteIfExists(dir.resolve("knot.sock"));
    process = new ProcessBuilder("/usr/sbin/knotd", "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("knotd.out").toFile()))
        .start();
    CatalogSupport.await("knotd control socket in " + dir, 15,
        () -> !process.isAlive() || Files.exists(dir.resolve("knot.sock")));
    assertThat(process.isAlive()).as("knotd running: %s\n%s", out(), log()).isTrue();
    // The socket exists slightly before knotd answers on it.
    CatalogSupport.await("knotc status", 15, () -> {
      try {
        return knotcResult("status").exit() == 0;
      } catch (Exception e) {
        return false;
      }
    }, this::log);
  }

  /** Writes a zone file {@code <dir>/<name>.zone} (Knot's {@code %s.zone} naming, no final dot). */
  void writeZone(String zone, String text) throws IOException {
    writeZone(dir, zone, text);
  }

  /** The same before start, so that knotd loads the file at once. */
  static void writeZone(Path dir, String zone, String text) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(fileName(zone)), text);
  }

  static String fileName(String zone) {
    return (zone.endsWith(".") ? zone.substring(0, zone.length() - 1) : zone) + ".zone";
  }

  /** Replaces the configuration and applies it with {@code knotc reload} (zones added/removed). */
  void reconfigure(String body) throws Exception {
    writeConf(body);
    knotc("reload");
  }

  InetSocketAddress address() {
    return CatalogSupport.at(port);
  }

  void knotc(String... args) throws Exception {
    SyncTestSupport.Result r = knotcResult(args);
    assertThat(r.exit()).as("knotc %s: %s\n%s", String.join(" ", args), r.out(), CatalogSupport.tail(log(), 20))
        .isZero();
  }

  private SyncTestSupport.Result knotcResult(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/sbin/knotc", "-t", "10", "-s", dir.resolve("knot.sock").toString()));
    cmd.addAll(List.of(args));
    return CatalogSupport.run(20, cmd.toArray(String[]::new));
  }

  String log() {
    return read(dir.resolve("knotd.log"));
  }

  private String out() {
    return read(dir.resolve("knotd.out"));
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws Exception {
    SyncTestSupport.stop(process); // SIGTERM to our own knotd
  }
}
