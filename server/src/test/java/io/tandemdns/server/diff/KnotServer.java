package io.tandemdns.server.diff;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Test fixture: a real {@code knotd} (Debian package {@code knot}) serving the given zone files
 * on an ephemeral 127.0.0.1 port, with a generated configuration in a private directory.
 *
 * <p>The configuration makes Knot a plain authoritative server and nothing else: no remotes, no
 * NOTIFY, no journal, zone files never written back, identity/NSID off and version string equal
 * to Tandem's default, so CH TXT answers compare byte for byte. The process is ours: it is
 * stopped by its own handle (SIGTERM, then SIGKILL after a timeout), never by name.
 */
public final class KnotServer implements DnsTarget {
  private static final Path DEFAULT_KNOTD = Path.of("/usr/sbin/knotd");
  private static final long START_TIMEOUT_MS = 10_000;
  private static final int PORT_ATTEMPTS = 5;

  private final String name;
  private final Process process;
  private final InetSocketAddress address;
  private final Path log;

  private KnotServer(String name, Process process, InetSocketAddress address, Path log) {
    this.name = name;
    this.process = process;
    this.address = address;
    this.log = log;
  }

  /** The knotd binary: {@code $KNOTD} if set, else the Debian location; empty if absent. */
  public static Optional<Path> findKnotd() {
    String env = System.getenv("KNOTD");
    Path p = env != null && !env.isBlank() ? Path.of(env) : DEFAULT_KNOTD;
    return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
  }

  /**
   * Starts knotd on a free loopback port and waits until every zone answers its SOA.
   *
   * @param dir an empty private directory for config, copies of the zones, rundir and storage
   */
  public static KnotServer start(String name, Path knotd, Path dir, Map<Name, Path> zones) throws IOException {
    Path zoneDir = Files.createDirectories(dir.resolve("zones"));
    Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(dir.resolve("db"));
    StringBuilder zoneConf = new StringBuilder("zone:\n");
    for (Map.Entry<Name, Path> z : zones.entrySet()) {
      // Knot gets its own copy: nothing it could write may touch the shared test resources.
      Path copy = Files.copy(z.getValue(), zoneDir.resolve(z.getKey().toString() + "zone"));
      zoneConf.append("  - domain: \"").append(z.getKey()).append("\"\n")
          .append("    file: \"").append(copy.toAbsolutePath()).append("\"\n");
    }
    IOException last = null;
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      int port = freePort();
      Path conf = dir.resolve("knot-" + attempt + ".conf");
      Files.writeString(conf, config(dir, port) + zoneConf, StandardCharsets.UTF_8);
      Path log = dir.resolve("knotd-" + attempt + ".log");
      Process p = new ProcessBuilder(knotd.toString(), "-c", conf.toString())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      KnotServer server = new KnotServer(name, p, address, log);
      try {
        server.awaitZones(zones.keySet());
        return server;
      } catch (IOException e) {
        // Most likely the port was taken between probing and binding: try another one.
        last = e;
        server.close();
      }
    }
    throw last;
  }

  private static String config(Path dir, int port) {
    String user = System.getProperty("user.name", "root");
    return String.join("\n",
        "server:",
        "    listen: 127.0.0.1@" + port,
        "    rundir: \"" + dir.resolve("run") + "\"",
        "    pidfile: \"" + dir.resolve("run/knot.pid") + "\"",
        "    user: " + user,
        "    identity: \"\"",
        "    nsid: \"\"",
        "    version: \"Tandem DNS\"",
        "    udp-max-payload: 1232",
        "    udp-workers: 2",
        "    tcp-workers: 2",
        "    background-workers: 1",
        "database:",
        "    storage: \"" + dir.resolve("db") + "\"",
        "log:",
        "  - target: stderr",
        "    any: warning",
        "template:",
        "  - id: default",
        "    storage: \"" + dir.resolve("zones") + "\"",
        "    zonefile-sync: -1",
        "    zonefile-load: whole",
        "    journal-content: none",
        "    semantic-checks: on",
        "",
        "");
  }

  /** A port free for both UDP and TCP on 127.0.0.1 at the time of the probe. */
  static int freePort() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int i = 0; i < 20; i++) {
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(lo, 0))) {
        int port = udp.getLocalPort();
        try (ServerSocket tcp = new ServerSocket(port, 1, lo)) {
          return port;
        } catch (IOException taken) {
          // TCP side busy: probe another.
        }
      }
    }
    throw new IOException("no port free for both UDP and TCP on " + lo);
  }

  private void awaitZones(Iterable<Name> zones) throws IOException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    for (Name zone : zones) {
      while (true) {
        if (!process.isAlive()) {
          throw new IOException("knotd exited with " + process.exitValue() + ": " + logText());
        }
        if (answersSoa(zone)) {
          break;
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IOException("knotd did not serve " + zone + " within " + START_TIMEOUT_MS + " ms on "
              + address + ": " + logText());
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for knotd", e);
        }
      }
    }
  }

  private boolean answersSoa(Name zone) {
    try {
      byte[] r = DnsClient.udp(address, DnsClient.soaProbe(zone.toString(), ThreadLocalRandom.current().nextInt(1 << 16)));
      if (r == null) {
        return false;
      }
      Message m = new Message(r);
      return m.getRcode() == Rcode.NOERROR && m.getHeader().getFlag(Flags.AA);
    } catch (IOException e) {
      return false; // not listening yet (ICMP port unreachable) or garbage
    }
  }

  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + "@" + address;
  }
}
