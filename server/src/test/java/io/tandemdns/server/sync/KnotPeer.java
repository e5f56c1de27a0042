package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * A real knotd on 127.0.0.1 and a free port, in a private directory, as primary or secondary of
 * one zone for the zone-sync interop tests. One TSIG key (hmac-sha256) for transfers and NOTIFY.
 * Stopped by its own process handle, never by name.
 */
public final class KnotPeer implements AutoCloseable {
  public final Path dir;
  public final int port;
  final Name origin;
  private final Path conf;
  private Process process;

  private KnotPeer(Path dir, int port, Name origin, Path conf) {
    this.dir = dir;
    this.port = port;
    this.origin = origin;
    this.conf = conf;
  }

  /**
   * A primary serving {@code zoneText}, transfers to holders of the key, NOTIFY to
   * {@code notifyPort} on 127.0.0.1 (signed); {@code journal} false: no IXFR history.
   */
  static KnotPeer primary(Path dir, Name origin, String zoneText, String keyName, String secret, int notifyPort,
      boolean journal) throws Exception {
    return start(dir, origin, zoneText, keyName, secret, notifyPort, journal, false, 0, false);
  }

  /**
   * A primary of a zone file edited by replacing it ({@code zonefile-load: difference}: Knot
   * turns each reloaded file into an IXFR changeset), e.g. a pre-signed zone re-signed offline.
   */
  public static KnotPeer filePrimary(Path dir, Name origin, Path zoneFile, String keyName, String secret,
      int notifyPort) throws Exception {
    return start(dir, origin, Files.readString(zoneFile), keyName, secret, notifyPort, true, false, 0, true);
  }

  /** A secondary pulling from 127.0.0.1:{@code primaryPort} with the key, accepting its NOTIFY. */
  static KnotPeer secondary(Path dir, Name origin, String keyName, String secret, int primaryPort, int port)
      throws Exception {
    return start(dir, origin, null, keyName, secret, primaryPort, true, true, port, false);
  }

  private static KnotPeer start(Path dir, Name origin, String zoneText, String keyName, String secret, int peerPort,
      boolean journal, boolean secondary, int fixedPort, boolean differenceLoad) throws Exception {
    Path knotd = SyncTestSupport.require("/usr/sbin/knotd");
    SyncTestSupport.require("/usr/sbin/knotc");
    Files.createDirectories(dir.resolve("db"));
    if (zoneText != null) {
      Files.writeString(dir.resolve("zone.txt"), zoneText);
    }
    int port = fixedPort > 0 ? fixedPort : SyncTestSupport.freePort();
    List<String> lines = new ArrayList<>(List.of(
        "server:",
        "    rundir: \"" + dir + "\"",
        "    listen: 127.0.0.1@" + port,
        "    background-workers: 1",
        "control:",
        "    listen: \"" + dir.resolve("knot.sock") + "\"",
        "database:",
        "    storage: \"" + dir.resolve("db") + "\"",
        "log:",
        "  - target: \"" + dir.resolve("knotd.log") + "\"",
        "    any: info",
        "key:",
        "  - id: " + keyName,
        "    algorithm: hmac-sha256",
        "    secret: " + secret,
        "remote:",
        "  - id: peer",
        "    address: 127.0.0.1@" + peerPort,
        "    key: " + keyName,
        "acl:",
        "  - id: xfr",
        "    address: 127.0.0.1",
        "    key: " + keyName,
        "    action: [transfer, notify]",
        "zone:",
        "  - domain: " + origin,
        "    storage: \"" + dir + "\"",
        "    file: \"zone.txt\"",
        "    acl: [xfr]",
        "    journal-content: " + (journal ? "changes" : "none"),
        "    zonefile-sync: " + (secondary ? "0" : "-1")));
    if (differenceLoad) {
      lines.add("    zonefile-load: difference");
    }
    if (secondary) {
      lines.add("    master: peer");
    } else if (peerPort > 0) {
      lines.add("    notify: peer");
    }
    lines.add("");
    Path conf = dir.resolve("knot.conf");
    Files.writeString(conf, String.join("\n", lines));
    KnotPeer k = new KnotPeer(dir, port, origin, conf);
    k.process = new ProcessBuilder(knotd.toString(), "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("knotd.out").toFile()).start();
    if (!secondary) {
      SyncTestSupport.await("knotd serving " + origin, 15,
          () -> !k.process.isAlive() || SyncTestSupport.serial(k.address(), origin) != null);
      assertThat(k.process.isAlive()).as("knotd running: %s", k.log()).isTrue();
    } else {
      SyncTestSupport.await("knotd control socket", 15,
          () -> !k.process.isAlive() || Files.exists(dir.resolve("knot.sock")));
    }
    return k;
  }

  /** Rewrites the ACL to accept NOTIFY or not and applies it with {@code knotc reload}. */
  void acceptNotify(boolean accept) throws Exception {
    String text = Files.readString(conf);
    text = accept ? text.replace("action: [transfer]", "action: [transfer, notify]")
        : text.replace("action: [transfer, notify]", "action: [transfer]");
    Files.writeString(conf, text);
    knotc("reload");
  }

  InetSocketAddress address() {
    return new InetSocketAddress(LO, port);
  }

  /** One knotc transaction: zone-begin, the given {@code zone-set}/{@code zone-unset} lines, commit. */
  void change(String... setOrUnset) throws Exception {
    knotc("zone-begin", origin.toString());
    for (String line : setOrUnset) {
      String[] words = line.trim().split("\\s+");
      String[] args = new String[words.length + 1];
      args[0] = words[0];
      args[1] = origin.toString();
      System.arraycopy(words, 1, args, 2, words.length - 1);
      knotc(args);
    }
    knotc("zone-commit", origin.toString());
  }

  /** The zone file knotd loads (a primary's). */
  public Path zoneFile() {
    return dir.resolve("zone.txt");
  }

  public void knotc(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/sbin/knotc", "-s", dir.resolve("knot.sock").toString()));
    cmd.addAll(List.of(args));
    SyncTestSupport.Result r = SyncTestSupport.run(20, cmd.toArray(String[]::new));
    assertThat(r.exit()).as("knotc %s: %s", String.join(" ", args), r.out()).isZero();
  }

  public String log() {
    try {
      Path log = dir.resolve("knotd.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Starts the same knotd again (same port and config) after {@link #close()}. */
  void restart() throws Exception {
    process = new ProcessBuilder("/usr/sbin/knotd", "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("knotd.out").toFile()).start();
    SyncTestSupport.await("knotd serving again", 15,
        () -> !process.isAlive() || SyncTestSupport.serial(address(), origin) != null);
  }

  @Override
  public void close() throws Exception {
    SyncTestSupport.stop(process); // SIGTERM to our own knotd
  }
}
