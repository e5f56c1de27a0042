package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xbill.DNS.Name;

/**
 * A real BIND {@code named -g} (foreground) on 127.0.0.1 and a free port, in a private directory,
 * as primary (dynamic zone: changed with nsupdate, journal → IXFR) or secondary of one zone. Its
 * own config only: no rndc, no recursion, NOTIFY only to the listed peer. Stopped by its own
 * process handle.
 */
public final class BindPeer implements AutoCloseable {
  final Path dir;
  final int port;
  final Name origin;
  private final String keyName;
  private final String secret;
  private final Process process;

  private BindPeer(Path dir, int port, Name origin, String keyName, String secret, Process process) {
    this.dir = dir;
    this.port = port;
    this.origin = origin;
    this.keyName = keyName;
    this.secret = secret;
    this.process = process;
  }

  /** named.conf options for a loopback-only, non-recursive, explicit-notify test server plus one key. */
  public static String common(Path dir, int port, String keyName, String secret) {
    return "options {\n"
        + "  directory \"" + dir + "\";\n"
        + "  pid-file \"" + dir.resolve("named.pid") + "\";\n"
        + "  session-keyfile \"" + dir.resolve("session.key") + "\";\n"
        + "  managed-keys-directory \"" + dir + "\";\n"
        + "  listen-on port " + port + " { 127.0.0.1; };\n"
        + "  listen-on-v6 { none; };\n"
        + "  recursion no;\n"
        + "  notify explicit;\n"
        + "  notify-delay 0;\n"
        + "  dnssec-validation no;\n"
        + "};\n"
        + "controls { };\n"
        + "key \"" + keyName + "\" { algorithm hmac-sha256; secret \"" + secret + "\"; };\n";
  }

  /** A primary of a dynamic zone: transfers and updates with the key, NOTIFY to {@code notifyPort}. */
  static BindPeer primary(Path dir, Name origin, String zoneText, String keyName, String secret, int notifyPort)
      throws Exception {
    return primary(dir, origin, zoneText, keyName, secret, notifyPort, true);
  }

  /**
   * As above; {@code ixfr} false gives {@code provide-ixfr no}: BIND answers every IXFR with the
   * whole zone (a primary "without journal" for the secondary, RFC 1995 §4 AXFR-style answer).
   */
  static BindPeer primary(Path dir, Name origin, String zoneText, String keyName, String secret, int notifyPort,
      boolean ixfr) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("zone.db"), zoneText);
    int port = SyncTestSupport.freePort();
    String conf = common(dir, port, keyName, secret).replace("  recursion no;\n",
            ixfr ? "  recursion no;\n" : "  recursion no;\n  provide-ixfr no;\n")
        + "zone \"" + origin + "\" {\n  type primary;\n  file \"zone.db\";\n"
        + "  allow-update { key \"" + keyName + "\"; };\n"
        + "  allow-transfer { key \"" + keyName + "\"; };\n"
        + "  also-notify { 127.0.0.1 port " + notifyPort + " key \"" + keyName + "\"; };\n};\n";
    BindPeer b = start(dir, port, origin, keyName, secret, conf);
    SyncTestSupport.await("named serving " + origin, 15,
        () -> !b.process.isAlive() || SyncTestSupport.serial(b.address(), origin) != null);
    assertThat(b.process.isAlive()).as("named running: %s", b.log()).isTrue();
    return b;
  }

  /** A secondary pulling from 127.0.0.1:{@code primaryPort} with the key. */
  static BindPeer secondary(Path dir, Name origin, String keyName, String secret, int primaryPort, int port)
      throws Exception {
    Files.createDirectories(dir);
    String conf = common(dir, port, keyName, secret)
        + "zone \"" + origin + "\" {\n  type secondary;\n  file \"secondary.db\";\n"
        + "  primaries { 127.0.0.1 port " + primaryPort + " key \"" + keyName + "\"; };\n"
        + "  allow-notify { 127.0.0.1; };\n"
        + "  allow-transfer { key \"" + keyName + "\"; };\n};\n";
    return start(dir, port, origin, keyName, secret, conf);
  }

  private static BindPeer start(Path dir, int port, Name origin, String keyName, String secret, String conf)
      throws Exception {
    Path named = SyncTestSupport.require("/usr/sbin/named");
    Path confFile = dir.resolve("named.conf");
    Files.writeString(confFile, conf);
    Process p = new ProcessBuilder(named.toString(), "-g", "-c", confFile.toString(), "-n", "1")
        .redirectErrorStream(true).redirectOutput(dir.resolve("named.log").toFile()).start();
    return new BindPeer(dir, port, origin, keyName, secret, p);
  }

  InetSocketAddress address() {
    return new InetSocketAddress(LO, port);
  }

  /** A dynamic update (RFC 2136) signed with the key, sent to this named only. */
  void update(String... nsupdateLines) throws Exception {
    Path nsupdate = SyncTestSupport.require("/usr/bin/nsupdate");
    StringBuilder script = new StringBuilder("server 127.0.0.1 " + port + "\nzone " + origin + "\n");
    for (String l : nsupdateLines) {
      script.append(l).append('\n');
    }
    script.append("send\n");
    Path file = dir.resolve("update.txt");
    Files.writeString(file, script.toString());
    SyncTestSupport.Result r = SyncTestSupport.run(20, nsupdate.toString(), "-y",
        "hmac-sha256:" + keyName + ":" + secret, file.toString());
    assertThat(r.exit()).as("nsupdate: %s", r.out()).isZero();
  }

  String log() {
    try {
      return Files.readString(dir.resolve("named.log"));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws Exception {
    SyncTestSupport.stop(process); // SIGTERM to our own named
  }
}
