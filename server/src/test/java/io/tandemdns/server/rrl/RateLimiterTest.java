package io.tandemdns.server.rrl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Bucket arithmetic with an injected clock: rates, window, slip, prefixes, classes, eviction, logging. */
class RateLimiterTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long NAME = RateLimiter.nameHash(new byte[] {3, 'w', 'w', 'w', 0});
  private static final long OTHER_NAME = RateLimiter.nameHash(new byte[] {3, 'f', 't', 'p', 0});

  private final AtomicLong clock = new AtomicLong(1_000 * SECOND);

  private RateLimiter limiter(RrlSettings s) {
    return new RateLimiter(s, clock::get, 60 * SECOND);
  }

  /** Sends {@code n} responses at the current instant and counts the decisions. */
  private static Map<Decision, Integer> burst(RateLimiter l, InetAddress client, ResponseClass c, long name, int n) {
    Map<Decision, Integer> counts = new EnumMap<>(Decision.class);
    for (Decision d : Decision.values()) {
      counts.put(d, 0);
    }
    for (int i = 0; i < n; i++) {
      counts.merge(l.check(client, c, name), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void aNewBucketAllowsOneSecondOfCreditThenLimits() {
    RateLimiter l = limiter(RrlSettings.of(5).withSlip(0));
    Map<Decision, Integer> c = burst(l, ip(192, 0, 2, 1), ResponseClass.ANSWER, NAME, 20);
    assertThat(c.get(Decision.SEND)).isEqualTo(5);
    assertThat(c.get(Decision.DROP)).isEqualTo(15);
    assertThat(l.stats().limitedCount()).isEqualTo(15);
    assertThat(l.stats().droppedCount()).isEqualTo(15);
  }

  @Test
  void creditAccruesContinuouslyAtTheRate() {
    RateLimiter l = limiter(RrlSettings.of(10).withSlip(0));
    InetAddress client = ip(192, 0, 2, 1);
    burst(l, client, ResponseClass.ANSWER, NAME, 10); // spend the initial credit exactly
    assertThat(l.check(client, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.DROP); // 1 token of debt
    clock.addAndGet(SECOND / 10); // +1 token: back to 0
    assertThat(l.check(client, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.DROP); // -1 again
    clock.addAndGet(SECOND / 5); // +2 tokens: balance 1
    assertThat(l.check(client, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.SEND);
    // A steady client at exactly the rate is never limited.
    RateLimiter steady = limiter(RrlSettings.of(10).withSlip(0));
    for (int i = 0; i < 100; i++) {
      assertThat(steady.check(client, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.SEND);
      clock.addAndGet(SECOND / 10);
    }
  }

  @Test
  void creditIsCappedAtOneSecond() {
    RateLimiter l = limiter(RrlSettings.of(5).withSlip(0));
    InetAddress client = ip(192, 0, 2, 1);
    l.check(client, ResponseClass.ANSWER, NAME);
    clock.addAndGet(100 * SECOND); // idle for long: still at most 5 tokens
    assertThat(burst(l, client, ResponseClass.ANSWER, NAME, 10).get(Decision.SEND)).isEqualTo(5);
  }

  @Test
  void debtIsBoundedByTheWindow() {
    // rate 2/s, window 3 s: debt at most 6 tokens. 1000 queries at once leave the bucket at -6.
    RateLimiter l = limiter(RrlSettings.of(2).withWindow(3).withSlip(0));
    InetAddress client = ip(192, 0, 2, 1);
    burst(l, client, ResponseClass.ANSWER, NAME, 1000);
    clock.addAndGet(3 * SECOND); // +6: back to 0, the next one is in debt
    assertThat(l.check(client, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.DROP);
    // The debt paid off after the window: one more second of quiet gives credit again.
    clock.addAndGet(SECOND);
    assertThat(l.check(client, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.SEND);
    // A longer window keeps a flooder silent longer.
    RateLimiter longer = limiter(RrlSettings.of(2).withWindow(15).withSlip(0));
    burst(longer, client, ResponseClass.ANSWER, NAME, 1000);
    clock.addAndGet(4 * SECOND);
    assertThat(longer.check(client, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.DROP);
  }

  @Test
  void slipSendsEveryNthLimitedResponseTruncated() {
    InetAddress client = ip(192, 0, 2, 1);
    Map<Decision, Integer> two = burst(limiter(RrlSettings.of(5).withSlip(2)), client, ResponseClass.ANSWER, NAME, 25);
    assertThat(two).containsEntry(Decision.SEND, 5).containsEntry(Decision.SLIP, 10).containsEntry(Decision.DROP, 10);
    Map<Decision, Integer> one = burst(limiter(RrlSettings.of(5).withSlip(1)), client, ResponseClass.ANSWER, NAME, 25);
    assertThat(one).containsEntry(Decision.SEND, 5).containsEntry(Decision.SLIP, 20).containsEntry(Decision.DROP, 0);
    Map<Decision, Integer> three = burst(limiter(RrlSettings.of(5).withSlip(3)), client, ResponseClass.ANSWER, NAME, 35);
    assertThat(three).containsEntry(Decision.SLIP, 10).containsEntry(Decision.DROP, 20);
    RateLimiter counted = limiter(RrlSettings.of(5).withSlip(2));
    burst(counted, client, ResponseClass.ANSWER, NAME, 25);
    assertThat(counted.stats().slippedCount()).isEqualTo(10);
    assertThat(counted.stats().droppedCount()).isEqualTo(10);
    assertThat(counted.stats().limitedCount()).isEqualTo(20);
  }

  @Test
  void clientsShareBucketsPerPrefix() {
    RateLimiter l = limiter(RrlSettings.of(5).withSlip(0));
    // Two hosts in 192.0.2.0/24 share; 192.0.3.1 has its own bucket.
    assertThat(burst(l, ip(192, 0, 2, 1), ResponseClass.ANSWER, NAME, 3).get(Decision.SEND)).isEqualTo(3);
    assertThat(burst(l, ip(192, 0, 2, 200), ResponseClass.ANSWER, NAME, 5).get(Decision.SEND)).isEqualTo(2);
    assertThat(burst(l, ip(192, 0, 3, 1), ResponseClass.ANSWER, NAME, 5).get(Decision.SEND)).isEqualTo(5);
    // With /32 each host is separate.
    RateLimiter host = limiter(RrlSettings.of(5).withSlip(0).withPrefixLengths(32, 128));
    burst(host, ip(192, 0, 2, 1), ResponseClass.ANSWER, NAME, 5);
    assertThat(burst(host, ip(192, 0, 2, 2), ResponseClass.ANSWER, NAME, 5).get(Decision.SEND)).isEqualTo(5);
  }

  @Test
  void ipv6ClientsShareBucketsPerSlash56() {
    RateLimiter l = limiter(RrlSettings.of(5).withSlip(0));
    InetAddress a = ip6("2001:db8:0:100::1");
    InetAddress sameSlash56 = ip6("2001:db8:0:1ff::2");
    InetAddress otherSlash56 = ip6("2001:db8:0:200::1");
    burst(l, a, ResponseClass.ANSWER, NAME, 5);
    assertThat(l.check(sameSlash56, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.DROP);
    assertThat(l.check(otherSlash56, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.SEND);
    RateLimiter deep = limiter(RrlSettings.of(5).withSlip(0).withPrefixLengths(24, 120));
    burst(deep, ip6("2001:db8::1"), ResponseClass.ANSWER, NAME, 5);
    assertThat(deep.check(ip6("2001:db8::ff"), ResponseClass.ANSWER, NAME)).isEqualTo(Decision.DROP);
    assertThat(deep.check(ip6("2001:db8::100"), ResponseClass.ANSWER, NAME)).isEqualTo(Decision.SEND);
  }

  @Test
  void classesAndNamesHaveSeparateBucketsAndRates() {
    RateLimiter l = limiter(RrlSettings.of(5).withRates(5, 2, 1).withSlip(0));
    InetAddress client = ip(192, 0, 2, 1);
    assertThat(burst(l, client, ResponseClass.ANSWER, NAME, 10).get(Decision.SEND)).isEqualTo(5);
    assertThat(burst(l, client, ResponseClass.ANSWER, OTHER_NAME, 10).get(Decision.SEND)).isEqualTo(5);
    assertThat(burst(l, client, ResponseClass.NODATA, NAME, 10).get(Decision.SEND)).isEqualTo(5);
    assertThat(burst(l, client, ResponseClass.REFERRAL, NAME, 10).get(Decision.SEND)).isEqualTo(5);
    assertThat(burst(l, client, ResponseClass.NXDOMAIN, NAME, 10).get(Decision.SEND)).isEqualTo(2);
    // Errors share one bucket per prefix whatever the name.
    assertThat(burst(l, client, ResponseClass.ERROR, NAME, 1).get(Decision.SEND)).isEqualTo(1);
    assertThat(burst(l, client, ResponseClass.ERROR, OTHER_NAME, 5).get(Decision.SEND)).isEqualTo(0);
  }

  @Test
  void aZeroRateLeavesThatClassUnlimited() {
    RateLimiter l = limiter(RrlSettings.of(5).withRates(5, 0, 5).withSlip(0));
    assertThat(burst(l, ip(192, 0, 2, 1), ResponseClass.NXDOMAIN, NAME, 1000).get(Decision.SEND)).isEqualTo(1000);
  }

  @Test
  void exemptPrefixesAreNeverLimited() {
    RateLimiter l = limiter(RrlSettings.of(1).withSlip(0)
        .withExempt(List.of(ClientPrefix.parse("10.0.0.0/8"), ClientPrefix.parse("2001:db8::/32"))));
    assertThat(burst(l, ip(10, 1, 2, 3), ResponseClass.ANSWER, NAME, 100).get(Decision.SEND)).isEqualTo(100);
    assertThat(burst(l, ip6("2001:db8:1::1"), ResponseClass.ANSWER, NAME, 100).get(Decision.SEND)).isEqualTo(100);
    assertThat(burst(l, ip(11, 1, 2, 3), ResponseClass.ANSWER, NAME, 100).get(Decision.SEND)).isEqualTo(1);
  }

  @Test
  void logOnlyCountsButSends() {
    RateLimiter l = limiter(RrlSettings.of(5).withLogOnly(true));
    assertThat(burst(l, ip(192, 0, 2, 1), ResponseClass.ANSWER, NAME, 50).get(Decision.SEND)).isEqualTo(50);
    assertThat(l.stats().limitedCount()).isEqualTo(45);
    assertThat(l.stats().droppedCount()).isZero();
    assertThat(l.stats().slippedCount()).isZero();
    assertThat(l.stats().logLines()).isEqualTo(1);
  }

  @Test
  void atMostOneLogLinePerPrefixPerInterval() {
    RateLimiter l = limiter(RrlSettings.of(1).withSlip(0));
    InetAddress a = ip(192, 0, 2, 1);
    burst(l, a, ResponseClass.ANSWER, NAME, 100);
    burst(l, a, ResponseClass.NXDOMAIN, NAME, 100); // same prefix, other class: still one line
    assertThat(l.stats().logLines()).isEqualTo(1);
    burst(l, ip(192, 0, 3, 1), ResponseClass.ANSWER, NAME, 10);
    assertThat(l.stats().logLines()).isEqualTo(2);
    clock.addAndGet(59 * SECOND);
    burst(l, a, ResponseClass.ANSWER, NAME, 100);
    assertThat(l.stats().logLines()).isEqualTo(2);
    clock.addAndGet(SECOND);
    burst(l, a, ResponseClass.ANSWER, NAME, 100);
    assertThat(l.stats().logLines()).isEqualTo(3);
  }

  @Test
  void theTableIsBoundedAndEvictsTheLeastRecentlyUsed() {
    RateLimiter l = limiter(RrlSettings.of(1).withSlip(0).withTableSize(16));
    assertThat(l.capacity()).isEqualTo(16);
    InetAddress victim = ip(192, 0, 2, 1);
    assertThat(l.check(victim, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.SEND);
    assertThat(l.check(victim, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.DROP);
    // Many other prefixes, each touched after the victim: the victim's bucket is the oldest and goes.
    for (int i = 0; i < 1000; i++) {
      clock.addAndGet(1000);
      l.check(ip(10, i >> 8, i & 0xFF, 1), ResponseClass.ANSWER, NAME);
    }
    assertThat(l.stats().evictedCount()).isGreaterThan(900);
    // Evicted means forgotten: the victim starts with fresh credit (the price of a bounded table).
    assertThat(l.check(victim, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.SEND);
    // A recently used bucket survives a few newcomers in its set.
    RateLimiter small = limiter(RrlSettings.of(1).withSlip(0).withTableSize(4));
    small.check(victim, ResponseClass.ANSWER, NAME);
    for (int i = 0; i < 3; i++) {
      clock.addAndGet(1000);
      small.check(ip(10, 0, i, 1), ResponseClass.ANSWER, NAME);
    }
    clock.addAndGet(1000);
    assertThat(small.check(victim, ResponseClass.ANSWER, NAME)).as("still remembered").isEqualTo(Decision.DROP);
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> RrlSettings.of(-1)).hasMessageContaining("responses-per-second");
    assertThatThrownBy(() -> RrlSettings.of(5).withWindow(0)).hasMessageContaining("window");
    assertThatThrownBy(() -> RrlSettings.of(5).withSlip(11)).hasMessageContaining("slip");
    assertThatThrownBy(() -> RrlSettings.of(5).withPrefixLengths(33, 56)).hasMessageContaining("ipv4-prefix");
    assertThatThrownBy(() -> ClientPrefix.parse("example.com/8")).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> ClientPrefix.parse("10.0.0.0/33")).hasMessageContaining("0..32");
    assertThat(ClientPrefix.parse("10.1.2.3/8").toString()).isEqualTo("10.0.0.0/8");
    assertThat(ClientPrefix.parse("2001:db8::1/32").toString()).isEqualTo("2001:db8::/32");
  }

  @Test
  void extremeRatesAndWindowsDoNotOverflow() {
    RateLimiter l = limiter(new RrlSettings(RrlSettings.MAX_RATE, 1, 1, RrlSettings.MAX_WINDOW, 0, List.of(),
        false, 24, 56, 8));
    InetAddress client = ip(192, 0, 2, 1);
    assertThat(l.check(client, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.SEND);
    clock.addAndGet(1_000_000 * SECOND);
    assertThat(burst(l, client, ResponseClass.ANSWER, NAME, 1000).get(Decision.SEND)).isEqualTo(1000);
    clock.addAndGet(-5 * SECOND); // a clock that steps back gives no credit and breaks nothing
    assertThat(l.check(client, ResponseClass.ANSWER, NAME)).isEqualTo(Decision.SEND);
  }

  static InetAddress ip(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static InetAddress ip6(String literal) {
    try {
      return InetAddress.getByAddress(io.netty.util.NetUtil.createByteArrayFromIpAddressString(literal));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
