package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Name;

/**
 * A real NSD ({@code nsd -d}, foreground) on 127.0.0.1 as secondary of one zone, in a private
 * directory: no database, no remote control, no chroot. Stopped by its own process handle.
 */
final class NsdPeer implements AutoCloseable {
  final Path dir;
  final int port;
  private final Process process;

  private NsdPeer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  static NsdPeer secondary(Path dir, Name origin, String keyName, String secret, int primaryPort, int port)
      throws Exception {
    Path nsd = SyncTestSupport.require("/usr/sbin/nsd");
    Files.createDirectories(dir);
    String conf = String.join("\n",
        "server:",
        "  ip-address: 127.0.0.1",
        "  port: " + port,
        "  do-ip6: no",
        "  username: \"\"",
        "  chroot: \"\"",
        "  zonesdir: \"" + dir + "\"",
        "  database: \"\"",
        "  pidfile: \"" + dir.resolve("nsd.pid") + "\"",
        "  xfrdfile: \"" + dir.resolve("xfrd.state") + "\"",
        "  zonelistfile: \"" + dir.resolve("zone.list") + "\"",
        "  xfrdir: \"" + dir + "\"",
        "  logfile: \"" + dir.resolve("nsd.log") + "\"",
        "  verbosity: 2",
        "  server-count: 1",
        "remote-control:",
        "  control-enable: no",
        "key:",
        "  name: " + keyName,
        "  algorithm: hmac-sha256",
        "  secret: \"" + secret + "\"",
        "zone:",
        "  name: " + origin,
        "  zonefile: \"secondary.zone\"",
        "  request-xfr: 127.0.0.1@" + primaryPort + " " + keyName,
        "  allow-notify: 127.0.0.1 " + keyName,
        "");
    Path confFile = dir.resolve("nsd.conf");
    Files.writeString(confFile, conf);
    Process p = new ProcessBuilder(nsd.toString(), "-d", "-c", confFile.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("nsd.out").toFile()).start();
    return new NsdPeer(dir, port, p);
  }

  InetSocketAddress address() {
    return new InetSocketAddress(LO, port);
  }

  String log() {
    try {
      Path l = dir.resolve("nsd.log");
      return (Files.exists(l) ? Files.readString(l) : "") + Files.readString(dir.resolve("nsd.out"));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM to our own nsd
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
