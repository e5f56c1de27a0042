package io.tandemdns.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandemdns.server.Main;
import io.tandemdns.server.ServerTestSupport;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.diff.KnotServer;
import io.tandemdns.sync.monitor.AddressStatus;
import io.tandemdns.sync.monitor.ConsistencyMonitor;
import io.tandemdns.sync.monitor.ConsistencyReport;
import io.tandemdns.sync.monitor.MonitorSettings;
import io.tandemdns.sync.monitor.NameResolver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The NS-set consistency check against three real servers on loopback: two Tandem instances and
 * a Knot, one stopped and one held behind, then caught up. No name is ever resolved.
 */
class ConsistencyCheckTest {
  @TempDir Path dir;

  TandemServer tandem(String name, long serial, int port) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    Path zone = ServerTestSupport.writeZone(d, ServerTestSupport.zoneText(serial, 10));
    return TandemServer.start(ServerConfig.quick(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Map.of(ServerTestSupport.ORIGIN, zone)));
  }

  KnotServer knot(String name, long serial) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    Path zone = ServerTestSupport.writeZone(d, ServerTestSupport.zoneText(serial, 10));
    return KnotServer.start(name, KnotServer.findKnotd().orElseThrow(), Files.createDirectories(d.resolve("knot")),
        Map.of(ServerTestSupport.ORIGIN, zone));
  }

  record Run(int exit, String out, String err) {}

  static Run check(InetSocketAddress... ns) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> args = new java.util.ArrayList<>(List.of("check", "t.test.", "--timeout", "1"));
    for (InetSocketAddress a : ns) {
      args.add("--ns");
      args.add("127.0.0.1:" + a.getPort());
    }
    return new Run(cl.execute(args.toArray(String[]::new)), out.toString(), err.toString());
  }

  @Test
  void reportsTheLaggingAndTheDownNameserverThenTheirRecovery() throws Exception {
    assumeTrue(KnotServer.findKnotd().isPresent(), "knotd not installed");
    try (TandemServer a = tandem("a", 5, 0)) {
      TandemServer b = tandem("b", 5, 0);
      InetSocketAddress bAddr = b.udpAddresses().get(0);
      KnotServer k = knot("k1", 3);
      try {
        b.close(); // B is down
        Run r = check(a.udpAddresses().get(0), bAddr, k.address());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).containsPattern("127\\.0\\.0\\.1#" + bAddr.getPort() + "\\s+DOWN")
            .containsPattern("127\\.0\\.0\\.1#" + k.address().getPort() + "\\s+BEHIND\\s+3 .*2 behind")
            .containsPattern("127\\.0\\.0\\.1#" + a.port() + "\\s+OK\\s+5 ")
            .contains("NOT IN SYNC: 1 behind, 1 down, 0 lame");

        // Catch up: B back on its port, Knot restarted with the new serial.
        b = tandem("b2", 5, bAddr.getPort());
        k.close();
        k = knot("k2", 5);
        r = check(a.udpAddresses().get(0), bAddr, k.address());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("all 3 nameservers in sync");
      } finally {
        b.close();
        k.close();
      }
    }
  }

  @Test
  void theMonitorAlertsAfterTheThresholdAndReportsRecovery() throws Exception {
    try (TandemServer a = tandem("a", 7, 0)) {
      TandemServer b = tandem("b", 6, 0);
      InetSocketAddress aAddr = a.udpAddresses().get(0);
      InetSocketAddress bAddr = b.udpAddresses().get(0);
      MonitorSettings settings = new MonitorSettings(true, Duration.ofSeconds(30), Duration.ZERO,
          Duration.ofSeconds(1), false, 53, Map.of(ServerTestSupport.ORIGIN, List.of(aAddr, bAddr)));
      try (ConsistencyMonitor monitor = new ConsistencyMonitor(settings, NameResolver.NONE)) {
        monitor.watch(ServerTestSupport.ORIGIN, List::of);
        ConsistencyReport behind = monitor.check(ServerTestSupport.ORIGIN);
        assertThat(behind.addresses().get(1).state()).isEqualTo(AddressStatus.State.BEHIND);
        assertThat(behind.addresses().get(1).alerting()).isTrue();
        assertThat(behind.addresses().get(0).observation().authoritative()).isTrue();

        b.close();
        assertThat(monitor.check(ServerTestSupport.ORIGIN).addresses().get(1).state())
            .isEqualTo(AddressStatus.State.DOWN);

        b = tandem("b2", 7, bAddr.getPort());
        ConsistencyReport recovered = monitor.check(ServerTestSupport.ORIGIN);
        assertThat(recovered.inSync()).isTrue();
        assertThat(recovered.addresses().get(1).alerting()).isFalse();
      } finally {
        b.close();
      }
    }
  }
}
