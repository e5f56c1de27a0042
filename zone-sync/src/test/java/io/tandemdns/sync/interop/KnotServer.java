package io.tandemdns.sync.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.sync.xfrin.Primary;
import io.tandemdns.sync.xfrin.SoaProbe;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Name;

/**
 * A real knotd primary for one zone on 127.0.0.1 and a free port, in a temp dir: TSIG-only
 * transfer ACL, journal of changes (so it can serve IXFR), no NOTIFY to anyone. Stopped by
 * its own PID in {@link #close()}.
 */
final class KnotServer implements AutoCloseable {
  static final InetAddress LOOPBACK = loopback();

  final Path dir;
  final int port;
  final Name origin;
  private Process process;

  KnotServer(Path dir, Name origin, String zoneText, String keyName, String secret) throws Exception {
    Path knotd = Tools.require("/usr/sbin/knotd");
    Tools.require("/usr/sbin/knotc");
    this.dir = dir;
    this.origin = origin;
    this.port = freePort();
    Files.createDirectories(dir.resolve("db"));
    Files.writeString(dir.resolve("zone.txt"), zoneText);
    Files.writeString(dir.resolve("knot.conf"), String.join("\n",
        "server:",
        "    rundir: \"" + dir + "\"",
        "    listen: 127.0.0.1@" + port,
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
        "acl:",
        "  - id: xfr",
        "    address: 127.0.0.0/8",
        "    key: " + keyName,
        "    action: transfer",
        "zone:",
        "  - domain: " + origin,
        "    storage: \"" + dir + "\"",
        "    file: \"zone.txt\"",
        "    acl: [xfr]",
        "    journal-content: changes",
        "    zonefile-sync: -1",
        ""));
    process = new ProcessBuilder(knotd.toString(), "-c", dir.resolve("knot.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("knotd.out").toFile()).start();
    awaitReady();
  }

  Primary primary(org.xbill.DNS.TSIG key) {
    return new Primary(new InetSocketAddress(LOOPBACK, port), key);
  }

  /** One knotc control transaction: {@code zone-begin}, the given set/unset lines, commit. */
  void change(String... setOrUnset) throws Exception {
    knotc("zone-begin", origin.toString());
    for (String line : setOrUnset) {
      String[] words = line.trim().split("\\s+", 2);
      String[] args = new String[3 + words[1].split("\\s+").length];
      args[0] = words[0];
      args[1] = origin.toString();
      String[] rest = words[1].split("\\s+");
      System.arraycopy(rest, 0, args, 2, rest.length);
      knotc(java.util.Arrays.copyOf(args, 2 + rest.length));
    }
    knotc("zone-commit", origin.toString());
  }

  void knotc(String... args) throws Exception {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "/usr/sbin/knotc";
    cmd[1] = "-s";
    cmd[2] = dir.resolve("knot.sock").toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    Tools.Result r = Tools.run(20, cmd);
    assertThat(r.exit()).as("knotc %s: %s", String.join(" ", args), r.out()).isZero();
  }

  String log() throws IOException {
    Path log = dir.resolve("knotd.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private void awaitReady() throws Exception {
    SoaProbe probe = new SoaProbe(Duration.ofMillis(300), null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("knotd exited: " + Files.readString(dir.resolve("knotd.out")) + log());
      }
      try {
        probe.querySerial(origin, primary(null));
        return;
      } catch (Exception e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("knotd did not answer within 15 s: " + log(), last);
  }

  /** A port free for both TCP and UDP on 127.0.0.1 right now. */
  static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, LOOPBACK)) {
        int p = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, p))) {
          return p;
        } catch (IOException e) {
          // UDP port taken: try another
        }
      }
    }
    throw new IOException("no free port on 127.0.0.1");
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroy(); // SIGTERM to our own knotd's PID
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
