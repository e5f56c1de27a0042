package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;
import static io.tandemdns.server.sync.SyncTestSupport.SECRET;
import static io.tandemdns.server.sync.SyncTestSupport.await;
import static io.tandemdns.server.sync.SyncTestSupport.freePort;
import static io.tandemdns.server.sync.SyncTestSupport.serial;
import static io.tandemdns.server.sync.SyncTestSupport.startTandem;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.TandemServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Faults on the secondary side, with a Tandem primary in-process (restartable on the same port):
 * primary down → keep serving, EXPIRE → SERVFAIL → recovery, restart → persisted copy at once,
 * corrupted copy → detected and re-transferred, serial wraparound across 2^32 by IXFR.
 */
class SecondaryFaultsTest {
  static final Name ORIGIN = Name.fromConstantString("faults.test.");
  static final String KEY = "faults-key.";
  static final long SERVFAIL = -Rcode.SERVFAIL;

  @TempDir Path dir;
  int pPort;
  int sPort;
  InetSocketAddress s;
  Path zoneFile;

  @BeforeEach
  void ports() throws Exception {
    pPort = freePort();
    sPort = freePort();
    s = new InetSocketAddress(LO, sPort);
    zoneFile = dir.resolve("p/faults.test.zone");
    Files.createDirectories(zoneFile.getParent());
  }

  static String zone(long serial, String timers) {
    return "$ORIGIN faults.test.\n$TTL 300\n@ IN SOA ns1 hostmaster " + serial + " " + timers + "\n"
        + "@ IN NS ns1\nns1 IN A 192.0.2.1\nwww IN A 192.0.2.80\n";
  }

  String keys() {
    return "keys:\n  - name: " + KEY + "\n    secret: " + SECRET + "\n";
  }

  String primaryYaml() {
    return "listen: [\"127.0.0.1:" + pPort + "\"]\nstate-dir: state\n" + keys()
        + "zones:\n  - name: faults.test.\n    file: faults.test.zone\n"
        + "    allow-transfer: [ \"127.0.0.1 key " + KEY + "\" ]\n"
        + "    notify: [ {address: \"127.0.0.1:" + sPort + "\", key: " + KEY + "} ]\n";
  }

  String secondaryYaml() {
    return "listen: [\"127.0.0.1:" + sPort + "\"]\nstate-dir: state\n" + keys()
        + "sync:\n  refresh-min: 1\n  retry-min: 1\n  retry-max: 1\n  expire-min: 1\n"
        + "zones:\n  - name: faults.test.\n    role: secondary\n"
        + "    primaries: [ {address: \"127.0.0.1:" + pPort + "\", key: " + KEY + "} ]\n";
  }

  TandemServer primary() throws Exception {
    Files.deleteIfExists(dir.resolve("p/tandem.yaml"));
    return startTandem(dir.resolve("p"), primaryYaml());
  }

  TandemServer secondary() throws Exception {
    Files.deleteIfExists(dir.resolve("s/tandem.yaml"));
    return startTandem(dir.resolve("s"), secondaryYaml());
  }

  @Test
  void primaryDownKeepsServingUntilExpireThenRecovers() throws Exception {
    Files.writeString(zoneFile, zone(1, "1 1 4 60")); // refresh 1 s, retry 1 s, expire 4 s
    TandemServer primary = primary();
    try (TandemServer secondary = secondary()) {
      await("secondary serving 1", 10, () -> Long.valueOf(1).equals(serial(s, ORIGIN)));
      primary.close();
      Thread.sleep(1500);
      assertThat(serial(s, ORIGIN)).as("still serving while within EXPIRE").isEqualTo(1);
      long expiredAfter = await("SERVFAIL after EXPIRE", 10, () -> Long.valueOf(SERVFAIL).equals(serial(s, ORIGIN)));
      assertThat(expiredAfter).isLessThan(6000);
      primary = primary();
      await("recovered", 10, () -> Long.valueOf(1).equals(serial(s, ORIGIN)));
    } finally {
      primary.close();
    }
  }

  @Test
  void restartServesPersistedCopyAtOnceAndCorruptCopyIsRetransferred() throws Exception {
    Files.writeString(zoneFile, zone(42, "3600 600 86400 60"));
    try (TandemServer primary = primary(); TandemServer secondary = secondary()) {
      await("secondary serving 42", 10, () -> Long.valueOf(42).equals(serial(s, ORIGIN)));
      await("copy persisted", 5, () -> Files.exists(dir.resolve("s/state/faults.test.zone")));
    }
    // Primary down: the restarted secondary answers from its persisted copy immediately.
    try (TandemServer secondary = secondary()) {
      assertThat(serial(s, ORIGIN)).isEqualTo(42);
      assertThat(secondary.sync().fullTransfers() + secondary.sync().incrementalTransfers()).isZero();
    }
    // Flip one byte in the middle of the copy: detected, set aside, transferred anew.
    Path copy = dir.resolve("s/state/faults.test.zone");
    byte[] b = Files.readAllBytes(copy);
    b[b.length / 2] ^= 0x40;
    Files.write(copy, b);
    try (TandemServer primary = primary(); TandemServer secondary = secondary()) {
      await("re-transferred", 10, () -> Long.valueOf(42).equals(serial(s, ORIGIN)));
      assertThat(secondary.sync().fullTransfers()).isEqualTo(1);
      assertThat(dir.resolve("s/state/faults.test.zone.damaged")).exists();
    }
  }

  @Test
  void serialWrapsAroundTwoToThe32ByIxfr() throws Exception {
    Files.writeString(zoneFile, zone(4294967295L, "3600 600 86400 60"));
    try (TandemServer primary = primary(); TandemServer secondary = secondary()) {
      await("secondary serving 4294967295", 10, () -> Long.valueOf(4294967295L).equals(serial(s, ORIGIN)));
      // 5 is newer than 2^32-1 in RFC 1982 arithmetic (distance 6).
      Files.writeString(zoneFile, zone(5, "3600 600 86400 60").replace("www IN A 192.0.2.80", "www IN A 192.0.2.81"));
      assertThat(primary.reload().ok()).isTrue();
      await("secondary serving 5", 10, () -> Long.valueOf(5).equals(serial(s, ORIGIN)));
      assertThat(secondary.sync().incrementalTransfers()).isEqualTo(1);
      assertThat(SyncTestSupport.firstA(SyncTestSupport.udp(s, Name.fromConstantString("www.faults.test."),
          org.xbill.DNS.Type.A))).isEqualTo("192.0.2.81");
    }
  }
}
