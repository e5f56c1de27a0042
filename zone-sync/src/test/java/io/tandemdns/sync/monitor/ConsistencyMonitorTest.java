package io.tandemdns.sync.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** The monitor's judgement and thresholds with scripted answers and a hand-moved clock. */
class ConsistencyMonitorTest {
  static final Name ZONE = Name.fromConstantString("t.test.");
  static final Name NS1 = Name.fromConstantString("ns1.t.test.");
  static final InetSocketAddress A = addr(1, 5301);
  static final InetSocketAddress B = addr(2, 5302);
  static final InetSocketAddress C = addr(3, 5303);

  /** Mutable clock. */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");

    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  final Map<InetSocketAddress, Observation> answers = new ConcurrentHashMap<>();
  final TestClock clock = new TestClock();

  static InetSocketAddress addr(int last, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last}), port);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  void answer(InetSocketAddress a, long serial, boolean aa) {
    answers.put(a, new Observation("x", a, true, serial, aa, 1, null));
  }

  void down(InetSocketAddress a) {
    answers.put(a, Observation.unreachable("x", a, 5, "timeout"));
  }

  ConsistencyMonitor monitor(Duration threshold) {
    MonitorSettings s = new MonitorSettings(true, Duration.ofSeconds(30), threshold, Duration.ofMillis(200), true,
        5301, Map.of(ZONE, List.of(B, C)));
    // NS1 resolves to 127.0.0.1 (port nsPort = 5301 = A); B and C are configured.
    NameResolver resolver = host -> host.equals(NS1) ? List.of(A.getAddress()) : List.of();
    SoaQuery q = (origin, label, address) -> {
      Observation o = answers.get(address);
      return new Observation(label, address, o.reachable(), o.serial(), o.authoritative(), o.millis(), o.error());
    };
    ConsistencyMonitor m = new ConsistencyMonitor(s, resolver, q, clock);
    m.watch(ZONE, () -> List.of(NS1));
    return m;
  }

  @Test
  void classifiesInSyncBehindLameAndDown() {
    answer(A, 10, true);
    answer(B, 8, true);
    down(C);
    try (ConsistencyMonitor m = monitor(Duration.ofSeconds(60))) {
      ConsistencyReport r = m.check(ZONE);
      assertThat(r.highestSerial()).isEqualTo(10);
      assertThat(r.addresses()).extracting(AddressStatus::state)
          .containsExactly(AddressStatus.State.OK, AddressStatus.State.BEHIND, AddressStatus.State.DOWN);
      assertThat(r.addresses().get(0).observation().label()).isEqualTo("ns1.t.test.");
      assertThat(r.addresses().get(1).lag()).isEqualTo(2);
      assertThat(r.inSync()).isFalse();
      assertThat(r.table()).contains("BEHIND").contains("2 behind").contains("timeout").contains("NOT IN SYNC");

      answer(B, 10, false);
      answer(C, 10, true);
      r = m.check(ZONE);
      assertThat(r.addresses()).extracting(AddressStatus::state)
          .containsExactly(AddressStatus.State.OK, AddressStatus.State.LAME, AddressStatus.State.OK);
    }
  }

  @Test
  void lagUsesSerialArithmeticAcrossTheWrap() {
    answer(A, 2, true); // wrapped past 2^32 - 1
    answer(B, 4294967295L, true);
    answer(C, 2, true);
    try (ConsistencyMonitor m = monitor(Duration.ofSeconds(60))) {
      ConsistencyReport r = m.check(ZONE);
      assertThat(r.highestSerial()).isEqualTo(2);
      assertThat(r.addresses().get(1).lag()).isEqualTo(3);
    }
  }

  @Test
  void alertsOnlyAfterTheThresholdAndClearsOnRecovery() {
    answer(A, 10, true);
    answer(B, 10, true);
    down(C);
    try (ConsistencyMonitor m = monitor(Duration.ofSeconds(60))) {
      AddressStatus c = m.check(ZONE).addresses().get(2);
      assertThat(c.alerting()).isFalse();
      Instant since = c.badSince();
      clock.now = clock.now.plusSeconds(59);
      assertThat(m.check(ZONE).addresses().get(2).alerting()).isFalse();
      clock.now = clock.now.plusSeconds(1);
      c = m.check(ZONE).addresses().get(2);
      assertThat(c.alerting()).isTrue();
      assertThat(c.badSince()).isEqualTo(since);
      assertThat(c.badFor(clock.now)).isEqualTo(Duration.ofSeconds(60));

      answer(C, 10, true);
      clock.now = clock.now.plusSeconds(5);
      ConsistencyReport r = m.check(ZONE);
      assertThat(r.inSync()).isTrue();
      assertThat(r.addresses().get(2).badSince()).isNull();
      assertThat(m.latest()).containsEntry(ZONE, r);
    }
  }

  @Test
  void anUnresolvableNsNameIsReported() {
    answer(B, 1, true);
    answer(C, 1, true);
    MonitorSettings s = new MonitorSettings(true, Duration.ofSeconds(30), Duration.ofSeconds(1),
        Duration.ofMillis(200), true, 53, Map.of(ZONE, List.of(B, C)));
    NameResolver failing = host -> {
      throw new java.io.IOException("no such host");
    };
    try (ConsistencyMonitor m = new ConsistencyMonitor(s, failing, (o, l, a) -> answers.get(a), clock)) {
      m.watch(ZONE, () -> List.of(NS1));
      ConsistencyReport r = m.check(ZONE);
      assertThat(r.unresolved()).containsExactly("ns1.t.test.");
      assertThat(r.inSync()).isFalse();
    }
  }

  @Test
  void aRealQueryToASilentPortTimesOutAsDown() throws Exception {
    // A bound UDP socket that never answers: the query must come back DOWN within the timeout.
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort());
      Observation o = new DnsSoaQuery(Duration.ofMillis(300)).query(ZONE, "silent", target);
      assertThat(o.reachable()).isFalse();
      assertThat(o.serial()).isEqualTo(-1);
      assertThat(o.millis()).isLessThan(5_000);
    }
  }
}
