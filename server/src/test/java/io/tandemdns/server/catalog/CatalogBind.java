package io.tandemdns.server.catalog;

import io.tandemdns.server.sync.BindPeer;
import io.tandemdns.server.sync.SyncTestSupport;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * A real BIND {@code named -g} (foreground) on 127.0.0.1 and a free port, in a private directory,
 * as primary of hand-written zones (catalogs and members alike: for BIND a catalog it does not
 * consume is an ordinary zone). No rndc: {@link #reload()} sends SIGHUP to this named's own PID.
 * No recursion; NOTIFY only to the explicit also-notify target, signed with the shared key.
 */
final class CatalogBind implements AutoCloseable {
  final Path dir;
  final int port;
  private final int notifyPort;
  private final Process process;

  private CatalogBind(Path dir, int port, int notifyPort, Process process) {
    this.dir = dir;
    this.port = port;
    this.notifyPort = notifyPort;
    this.process = process;
  }

  /**
   * Starts named serving, as primary, the zones whose files already exist in {@code dir} as
   * {@code <zone>db} (see {@link #writeZone}); transfers need the key, NOTIFY goes to
   * 127.0.0.1:{@code notifyPort}.
   */
  static CatalogBind start(Path dir, int notifyPort, String... zones) throws Exception {
    Path named = CatalogSupport.require("/usr/sbin/named");
    Files.createDirectories(dir);
    int port = CatalogSupport.freePort();
    Files.writeString(dir.resolve("named.conf"), conf(dir, port, notifyPort, zones));
    Process p = new ProcessBuilder(named.toString(), "-g", "-c", dir.resolve("named.conf").toString(), "-n", "1")
        .redirectErrorStream(true).redirectOutput(dir.resolve("named.log").toFile()).start();
    CatalogBind b = new CatalogBind(dir, port, notifyPort, p);
    for (String z : zones) {
      CatalogSupport.await("named serving " + z, 20,
          () -> !p.isAlive() || CatalogSupport.serial(b.address(), z) != null, b::log);
    }
    assertThat(p.isAlive()).as("named running: %s", b.log()).isTrue();
    return b;
  }

  private static String conf(Path dir, int port, int notifyPort, String... zones) {
    StringBuilder sb = new StringBuilder(BindPeer.common(dir, port, CatalogSupport.KEY, CatalogSupport.SECRET));
    for (String z : zones) {
      sb.append("zone \"").append(z).append("\" {\n  type primary;\n  file \"").append(fileName(z)).append("\";\n")
          .append("  allow-transfer { key \"").append(CatalogSupport.KEY).append("\"; };\n")
          .append("  also-notify { 127.0.0.1 port ").append(notifyPort).append(" key \"")
          .append(CatalogSupport.KEY).append("\"; };\n};\n");
    }
    return sb.toString();
  }

  static String fileName(String zone) {
    return zone + "db";
  }

  /**
   * Writes a zone file. Its modification time is set a few seconds ahead of the previous one so
   * that BIND, which skips a file not newer than its last load, always sees the change.
   */
  static void writeZone(Path dir, String zone, String text) throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve(fileName(zone));
    Instant prev = Files.exists(f) ? Files.getLastModifiedTime(f).toInstant() : Instant.EPOCH;
    Files.writeString(f, text);
    Instant now = Instant.now();
    Instant next = now.isAfter(prev.plusSeconds(1)) ? now : prev.plusSeconds(2);
    Files.setLastModifiedTime(f, FileTime.from(next));
  }

  void writeZone(String zone, String text) throws IOException {
    writeZone(dir, zone, text);
  }

  /** SIGHUP to this named (by its PID): re-reads changed zone files, NOTIFY for new serials. */
  void reload() throws Exception {
    SyncTestSupport.Result r = CatalogSupport.run(10, "/bin/kill", "-HUP", String.valueOf(process.pid()));
    assertThat(r.exit()).as("kill -HUP %s: %s", process.pid(), r.out()).isZero();
  }

  /** Rewrites {@code zone}'s file with {@code text} (serial must grow), reloads, waits until served. */
  void update(String zone, long serial, String text) throws Exception {
    writeZone(zone, text);
    reload();
    CatalogSupport.await("named serving " + zone + " serial " + serial, 20,
        () -> CatalogSupport.serves(address(), zone, serial), this::log);
  }

  InetSocketAddress address() {
    return CatalogSupport.at(port);
  }

  int notifyPort() {
    return notifyPort;
  }

  /** The last 40 lines of named's log (for failure messages). */
  String log() {
    return CatalogSupport.tail(fullLog(), 40);
  }

  String fullLog() {
    try {
      return Files.readString(dir.resolve("named.log"));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** How many outgoing full transfers of {@code zone} named has logged so far. */
  int axfrsServed(String zone) {
    String needle = "transfer of '" + zone.substring(0, zone.length() - 1) + "/IN': AXFR started";
    return fullLog().split(java.util.regex.Pattern.quote(needle), -1).length - 1;
  }

  @Override
  public void close() throws Exception {
    SyncTestSupport.stop(process); // SIGTERM to our own named
  }
}
