package io.tandemdns.sync.refresh;

import static io.tandemdns.sync.TestZones.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.sync.TestZones;
import io.tandemdns.sync.journal.Journal;
import io.tandemdns.sync.journal.JournalLimits;
import io.tandemdns.sync.store.StoredZone;
import io.tandemdns.sync.store.ZoneStore;
import io.tandemdns.sync.xfrin.Primary;
import io.tandemdns.zone.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** The secondary state machine with a manual clock: refresh, retry, expire, NOTIFY, failover. */
class SecondaryZoneTest {
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  /** Tests lower the clamps to seconds, as the config allows. */
  static final TimerLimits FAST = new TimerLimits(Duration.ofSeconds(1), Duration.ofDays(1),
      Duration.ofSeconds(1), Duration.ofDays(1), Duration.ofSeconds(1), Duration.ofDays(30));

  @TempDir Path dir;

  final ManualScheduler clock = new ManualScheduler(T0);
  final FakePrimaries net = new FakePrimaries();
  final Primary p1 = FakePrimaries.primary(1);
  final Primary p2 = FakePrimaries.primary(2);
  final List<Long> served = new ArrayList<>();
  final List<Name> expired = new ArrayList<>();

  /** SOA timers: refresh 100 s, retry 20 s, expire 300 s. */
  static Zone v(long serial, String body) {
    return TestZones.zone(TestZones.ORIGIN, "@ 3600 IN SOA ns1 hostmaster " + serial + " 100 20 300 60\n"
        + "@ 3600 IN NS ns1\nns1 3600 IN A 192.0.2.53\n" + body);
  }

  SecondaryZone secondary(ZoneStore store, Journal journal, TimerLimits limits, Primary... primaries) {
    return new SecondaryZone(TestZones.ORIGIN, List.of(primaries), net, clock, limits, store, journal,
        z -> served.add(z.serial()), expired::add);
  }

  @Test
  void loadsRefreshesOnTimerAndJournalsDiffs() throws Exception {
    net.zones.put(p1, v(1, "a 300 IN A 192.0.2.1\n"));
    ZoneStore store = new ZoneStore(dir, TestZones.ORIGIN);
    Journal journal = Journal.open(dir, TestZones.ORIGIN, JournalLimits.DEFAULT);
    SecondaryZone s = secondary(store, journal, FAST, p1);
    assertThat(s.state()).isEqualTo(SecondaryZone.State.LOADING);
    s.start();
    clock.runDue();
    assertThat(s.state()).isEqualTo(SecondaryZone.State.OK);
    assertThat(served).containsExactly(1L);
    assertThat(net.calls).containsExactly("XFR 127.0.0.1"); // no copy: straight to transfer
    assertThat(s.nextCheck()).isEqualTo(T0.plusSeconds(100)); // SOA REFRESH

    net.zones.put(p1, v(2, "b 300 IN A 192.0.2.2\n"));
    clock.advance(Duration.ofSeconds(99));
    assertThat(served).containsExactly(1L);
    clock.advance(Duration.ofSeconds(1));
    assertThat(served).containsExactly(1L, 2L);
    assertThat(net.calls).containsExactly("XFR 127.0.0.1", "SOA 127.0.0.1", "XFR 127.0.0.1");
    assertThat(journal.chainFrom(1)).get().asList().hasSize(1);
    assertThat(store.load().orElseThrow().zone().serial()).isEqualTo(2);

    // Same serial at the next refresh: SOA only, no transfer, timers pushed forward.
    clock.advance(Duration.ofSeconds(100));
    assertThat(net.calls).endsWith("SOA 127.0.0.1");
    assertThat(s.expireAt()).isEqualTo(T0.plusSeconds(200 + 300));
    assertThat(store.load().orElseThrow().expireAt()).isEqualTo(T0.plusSeconds(500));
  }

  @Test
  void retriesThenExpiresThenRecovers() {
    net.zones.put(p1, v(1, ""));
    SecondaryZone s = secondary(null, null, FAST, p1);
    s.start();
    clock.runDue();
    net.down.put(p1, true);

    clock.advance(Duration.ofSeconds(100)); // refresh fails
    assertThat(s.state()).isEqualTo(SecondaryZone.State.REFRESHING);
    assertThat(s.nextCheck()).isEqualTo(T0.plusSeconds(120)); // SOA RETRY 20 s
    clock.advance(Duration.ofSeconds(20));
    assertThat(s.nextCheck()).isEqualTo(T0.plusSeconds(140));
    assertThat(expired).isEmpty();

    clock.advance(Duration.ofSeconds(299 - 120)); // t = 299: still serving
    assertThat(s.state()).isEqualTo(SecondaryZone.State.REFRESHING);
    clock.advance(Duration.ofSeconds(1)); // t = 300 = EXPIRE after the last success
    assertThat(s.state()).isEqualTo(SecondaryZone.State.EXPIRED);
    assertThat(expired).containsExactly(TestZones.ORIGIN);

    clock.advance(Duration.ofSeconds(60));
    assertThat(expired).hasSize(1); // reported once
    net.down.put(p1, false);
    clock.advance(Duration.ofSeconds(20));
    assertThat(s.state()).isEqualTo(SecondaryZone.State.OK);
    assertThat(served).containsExactly(1L, 1L); // served again after recovery
  }

  @Test
  void notifyChecksImmediatelyAndPrimariesFailOverInOrder() throws Exception {
    net.zones.put(p1, v(1, ""));
    net.zones.put(p2, v(1, ""));
    SecondaryZone s = secondary(null, null, FAST, p1, p2);
    s.start();
    clock.runDue();
    net.calls.clear();

    net.down.put(p1, true);
    net.zones.put(p2, v(2, "n 300 IN A 192.0.2.9\n"));
    s.notifyReceived(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 2}));
    clock.runDue(); // no time passes
    assertThat(net.calls).containsExactly("SOA 127.0.0.1", "SOA 127.0.0.2", "XFR 127.0.0.2");
    assertThat(served).containsExactly(1L, 2L);
    assertThat(s.nextCheck()).isEqualTo(T0.plusSeconds(100));
  }

  @Test
  void serialWrapAndOlderPrimary() {
    net.zones.put(p1, v(4294967295L, ""));
    SecondaryZone s = secondary(null, null, FAST, p1);
    s.start();
    clock.runDue();
    net.zones.put(p1, v(0, "w 300 IN A 192.0.2.1\n")); // 2^32 - 1 → 0 is newer (RFC 1982)
    s.refreshNow();
    clock.runDue();
    assertThat(served).containsExactly(4294967295L, 0L);

    net.zones.put(p1, v(4294967290L, "")); // older: never go back
    s.refreshNow();
    clock.runDue();
    assertThat(served).containsExactly(4294967295L, 0L);
    assertThat(s.current().serial()).isZero();
    assertThat(s.state()).isEqualTo(SecondaryZone.State.OK);
  }

  @Test
  void restartServesAPersistedCopyAtOnceUnlessExpiredOrCorrupt() throws Exception {
    ZoneStore store = new ZoneStore(dir, TestZones.ORIGIN);
    store.save(new StoredZone(v(7, ""), T0.minusSeconds(30), T0.plusSeconds(270)));
    net.down.put(p1, true);
    SecondaryZone s = secondary(store, null, FAST, p1);
    s.start();
    assertThat(served).containsExactly(7L); // before any check
    assertThat(s.state()).isEqualTo(SecondaryZone.State.OK);
    assertThat(s.nextCheck()).isEqualTo(T0.plusSeconds(70)); // refresh 100 s after the saved one
    s.stop();

    // Expired copy: not served, transfer first.
    served.clear();
    store.save(new StoredZone(v(7, ""), T0.minusSeconds(400), T0.minusSeconds(100)));
    SecondaryZone late = secondary(store, null, FAST, p1);
    late.start();
    assertThat(served).isEmpty();
    assertThat(late.state()).isEqualTo(SecondaryZone.State.LOADING);
    late.stop();

    // Corrupt copy: discarded, re-transferred.
    byte[] b = Files.readAllBytes(store.zoneFile());
    b[b.length / 2] ^= 1;
    Files.write(store.zoneFile(), b);
    net.down.put(p1, false);
    net.zones.put(p1, v(8, ""));
    SecondaryZone fresh = secondary(store, null, FAST, p1);
    fresh.start();
    assertThat(served).isEmpty();
    clock.runDue();
    assertThat(served).containsExactly(8L);
    assertThat(store.load().orElseThrow().zone().serial()).isEqualTo(8);
    assertThat(dir.resolve("example.com.zone.damaged")).exists();
  }

  @Test
  void timersAreClampedByTheLimits() {
    net.zones.put(p1, TestZones.zone(TestZones.ORIGIN,
        "@ 3600 IN SOA ns1 hostmaster 1 5 1 2 60\n@ 3600 IN NS ns1\nns1 3600 IN A 192.0.2.53\n"));
    SecondaryZone s = secondary(null, null, TimerLimits.DEFAULT, p1);
    s.start();
    clock.runDue();
    assertThat(s.nextCheck()).isEqualTo(T0.plusSeconds(60)); // REFRESH 5 s → 60 s minimum
    assertThat(s.expireAt()).isEqualTo(T0.plus(Duration.ofMinutes(10))); // EXPIRE 2 s → 10 min
  }

  @Test
  void loadingKeepsRetryingWhenNoPrimaryAnswers() {
    net.down.put(p1, true);
    SecondaryZone s = secondary(null, null, FAST, p1);
    s.start();
    clock.runDue();
    assertThat(s.state()).isEqualTo(SecondaryZone.State.LOADING);
    assertThat(served).isEmpty();
    net.down.put(p1, false);
    net.zones.put(p1, zone(3, ""));
    clock.advance(Duration.ofSeconds(30));
    assertThat(s.state()).isEqualTo(SecondaryZone.State.OK);
    assertThat(served).containsExactly(3L);
  }
}
