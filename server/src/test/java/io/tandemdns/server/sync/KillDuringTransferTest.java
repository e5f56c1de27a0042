package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;
import static io.tandemdns.server.sync.SyncTestSupport.SECRET;
import static io.tandemdns.server.sync.SyncTestSupport.await;
import static io.tandemdns.server.sync.SyncTestSupport.freePort;
import static io.tandemdns.server.sync.SyncTestSupport.serial;
import static io.tandemdns.server.sync.SyncTestSupport.zone;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Issue 3 fault: Tandem (a separate JVM, {@code Main serve}) is killed with SIGKILL while it pulls
 * a large zone from a Knot primary; restarted with the primary stopped it serves the previous good
 * copy at once, and nothing of the half-received version.
 */
class KillDuringTransferTest {
  static final Name ORIGIN = Name.fromConstantString("kill.test.");
  static final String KEY = "kill-key.";
  static final int BIG = 200_000;

  @TempDir Path dir;

  @Test
  void sigkillMidTransferThenRestartServesLastGoodCopy() throws Exception {
    int tPort = freePort();
    InetSocketAddress t = new InetSocketAddress(LO, tPort);
    String small = zone("kill.test.", 1).replace(" 1 1 3600 60", " 3600 600 86400 60");
    Path tDir = dir.resolve("t");
    Files.createDirectories(tDir);
    try (KnotPeer knot = KnotPeer.primary(dir.resolve("knot"), ORIGIN, small, KEY, SECRET, tPort, false)) {
      Path conf = tDir.resolve("tandem.yaml");
      Files.writeString(conf, KnotInteropTest.secondaryYaml(tPort, knot.port, SECRET, "")
          .replace(KnotInteropTest.KEY, KEY).replace("knot.test.", "kill.test."));
      Path log1 = tDir.resolve("first.log");
      Process first = serve(conf, log1);
      try {
        await("child Tandem serving 1", 60, () -> Long.valueOf(1).equals(serial(t, ORIGIN)));
        await("copy persisted", 10, () -> Files.exists(tDir.resolve("state/kill.test.zone")));

        // A new version of 200,000 records; Knot NOTIFYs, the child starts pulling it.
        StringBuilder big = new StringBuilder(zone("kill.test.", 2).replace(" 1 1 3600 60", " 3600 600 86400 60"));
        for (int i = 0; i < BIG; i++) {
          big.append("h").append(i).append(" IN A 10.").append(i >> 16 & 255).append('.').append(i >> 8 & 255)
              .append('.').append(i & 255).append('\n');
        }
        Files.writeString(knot.dir.resolve("zone.txt"), big);
        int mark = read(log1).length(); // only a NOTIFY after this point is about serial 2
        knot.knotc("zone-reload", ORIGIN.toString());
        await("child received NOTIFY for serial 2", 30,
            () -> read(log1).indexOf("checking primaries now", mark) >= 0);
        Thread.sleep(100); // into the transfer, well before 200,000 records are in
      } finally {
        first.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      assertThat(read(log1)).as("killed before the new version was swapped in")
          .doesNotContain("now serving serial 2");
    }
    // Primary gone: the restarted child must answer from its persisted copy at once.
    Path log2 = tDir.resolve("second.log");
    Process second = serve(tDir.resolve("tandem.yaml"), log2);
    try {
      await("restarted child answering", 60, () -> serial(t, ORIGIN) != null);
      assertThat(serial(t, ORIGIN)).as("the last good copy: %s", read(log2)).isEqualTo(1L);
      assertThat(read(log2)).contains("serving persisted copy, serial 1");
      Message www = SyncTestSupport.udp(t, Name.fromConstantString("www.kill.test."), Type.A);
      assertThat(SyncTestSupport.firstA(www)).isEqualTo("192.0.2.80");
      Message partial = SyncTestSupport.udp(t, Name.fromConstantString("h0.kill.test."), Type.A);
      assertThat(partial.getRcode()).as("nothing of the killed transfer is served").isEqualTo(Rcode.NXDOMAIN);
    } finally {
      second.destroyForcibly();
      second.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** {@code java -cp <this test classpath> io.tandemdns.server.Main serve --config conf}. */
  private static Process serve(Path conf, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        "io.tandemdns.server.Main", "serve", "--config", conf.toString());
    return new ProcessBuilder(cmd).directory(conf.getParent().toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
