package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;
import static io.tandemdns.server.sync.SyncTestSupport.freePort;
import static io.tandemdns.server.sync.SyncTestSupport.serial;
import static io.tandemdns.server.sync.SyncTestSupport.startTandem;
import static io.tandemdns.server.sync.SyncTestSupport.zone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.server.ReloadReport;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.ZoneOutcome;
import io.tandemdns.server.config.ConfigFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Issue 3 primary: a changed zone whose serial did not grow is refused, unless its serial-policy bumps it. */
class SerialPolicyTest {
  static final Name ORIGIN = Name.fromConstantString("policy.test.");
  static final Name WWW = Name.fromConstantString("www.policy.test.");
  static final Clock NOON = Clock.fixed(Instant.parse("2026-03-04T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void nextSerials() {
    assertThat(SerialPolicy.INCREMENT.next(41, NOON)).isEqualTo(42);
    assertThat(SerialPolicy.INCREMENT.next(4294967295L, NOON)).isZero(); // RFC 1982: 0 is newer than 2^32-1
    assertThat(SerialPolicy.UNIXTIME.next(5, NOON)).isEqualTo(NOON.instant().getEpochSecond());
    assertThat(SerialPolicy.UNIXTIME.next(NOON.instant().getEpochSecond(), NOON))
        .isEqualTo(NOON.instant().getEpochSecond() + 1);
    assertThat(SerialPolicy.DATESERIAL.next(7, NOON)).isEqualTo(2026030400L);
    assertThat(SerialPolicy.DATESERIAL.next(2026030400L, NOON)).isEqualTo(2026030401L);
    assertThat(SerialPolicy.DATESERIAL.next(2026030399L, NOON)).as("today used up").isEqualTo(2026030400L);
    assertThat(SerialPolicy.DATESERIAL.next(2026030517L, NOON)).as("ahead of today").isEqualTo(2026030518L);
    assertThatThrownBy(() -> SerialPolicy.parse("weekly")).hasMessageContaining("'weekly'");
  }

  @Test
  void withoutPolicyAStaleSerialIsRefusedAndTheOldVersionServes() throws Exception {
    Served s = start(null, 10);
    try (TandemServer t = s.server) {
      Files.writeString(s.file, zone("policy.test.", 10).replace("192.0.2.80", "192.0.2.99"));
      ReloadReport r = t.reload();
      assertThat(r.ok()).isFalse();
      ZoneOutcome o = r.zones().get(0);
      assertThat(o.status()).isEqualTo(ZoneOutcome.Status.FAILED);
      assertThat(o.problems().toString()).contains("serial 10 is not greater than the served serial 10");
      assertThat(serial(s.address, ORIGIN)).isEqualTo(10);
      assertThat(SyncTestSupport.firstA(SyncTestSupport.udp(s.address, WWW, Type.A))).isEqualTo("192.0.2.80");
    }
  }

  @Test
  void incrementBumpsAndJournals() throws Exception {
    Served s = start("increment", 10);
    try (TandemServer t = s.server) {
      Files.writeString(s.file, zone("policy.test.", 10).replace("192.0.2.80", "192.0.2.99"));
      assertThat(t.reload().ok()).isTrue();
      assertThat(serial(s.address, ORIGIN)).isEqualTo(11);
      assertThat(SyncTestSupport.firstA(SyncTestSupport.udp(s.address, WWW, Type.A))).isEqualTo("192.0.2.99");
      assertThat(t.sync().journal(ORIGIN).size()).as("diff 10→11 kept for IXFR").isEqualTo(1);
      // Only whitespace changed: nothing to announce, the serial stays.
      Files.writeString(s.file, zone("policy.test.", 10).replace("192.0.2.80", "192.0.2.99") + "\n\n");
      ReloadReport again = t.reload();
      assertThat(again.ok()).isTrue();
      assertThat(again.zones().get(0).status()).isEqualTo(ZoneOutcome.Status.UNCHANGED);
      assertThat(serial(s.address, ORIGIN)).isEqualTo(11);
      // A file serial that did grow is taken as it is.
      Files.writeString(s.file, zone("policy.test.", 50));
      assertThat(t.reload().ok()).isTrue();
      assertThat(serial(s.address, ORIGIN)).isEqualTo(50);
    }
  }

  @Test
  void unixtimeBumpsToNow() throws Exception {
    Served s = start("unixtime", 10);
    try (TandemServer t = s.server) {
      long before = Instant.now().getEpochSecond();
      Files.writeString(s.file, zone("policy.test.", 10, "new IN TXT \"x\""));
      assertThat(t.reload().ok()).isTrue();
      assertThat(serial(s.address, ORIGIN)).isBetween(before, Instant.now().getEpochSecond());
    }
  }

  @Test
  void dateserialBumpsToToday() throws Exception {
    Served s = start("dateserial", 10);
    try (TandemServer t = s.server) {
      Files.writeString(s.file, zone("policy.test.", 10, "new IN TXT \"x\""));
      assertThat(t.reload().ok()).isTrue();
      long today = Long.parseLong(java.time.LocalDate.now(ZoneOffset.UTC).toString().replace("-", "")) * 100;
      assertThat(serial(s.address, ORIGIN)).isEqualTo(today);
      Files.writeString(s.file, zone("policy.test.", 10, "new IN TXT \"y\""));
      assertThat(t.reload().ok()).isTrue();
      assertThat(serial(s.address, ORIGIN)).isEqualTo(today + 1);
    }
  }

  @Test
  void badPolicyIsAConfigError() throws Exception {
    Path conf = dir.resolve("tandem.yaml");
    Files.writeString(dir.resolve("policy.test.zone"), zone("policy.test.", 1));
    Files.writeString(conf, "listen: [\"127.0.0.1:1\"]\nzones:\n  - name: policy.test.\n    file: policy.test.zone\n"
        + "    serial-policy: weekly\n");
    assertThatThrownBy(() -> ConfigFile.read(conf)).hasMessageContaining("serial-policy")
        .hasMessageContaining("'weekly' is not increment, unixtime or dateserial");
  }

  private record Served(TandemServer server, Path file, InetSocketAddress address) {}

  private Served start(String policy, long serial) throws Exception {
    int port = freePort();
    Path file = dir.resolve("policy.test.zone");
    Files.writeString(file, zone("policy.test.", serial));
    String yaml = "listen: [\"127.0.0.1:" + port + "\"]\nzones:\n  - name: policy.test.\n    file: policy.test.zone\n"
        + (policy == null ? "" : "    serial-policy: " + policy + "\n");
    TandemServer t = startTandem(dir, yaml);
    return new Served(t, file, new InetSocketAddress(LO, port));
  }
}
