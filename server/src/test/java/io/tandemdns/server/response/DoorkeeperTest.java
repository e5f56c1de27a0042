package io.tandemdns.server.response;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DoorkeeperTest {
  @Test
  void aKeyIsSeenBeforeOnlyAfterItsFirstMiss() {
    Doorkeeper d = new Doorkeeper(1000);
    assertThat(d.seenBefore(42)).isFalse();
    assertThat(d.seenBefore(42)).isTrue();
    assertThat(d.seenBefore(43)).isFalse();
  }

  @Test
  void forgetsEverythingAfterCapacityInsertions() {
    Doorkeeper d = new Doorkeeper(2000);
    d.seenBefore(7);
    int inserted = 1;
    for (int h = 1000; inserted < 2000; h++) {
      if (!d.seenBefore(h)) {
        inserted++;
      }
    }
    // The 2000th insertion cleared the filter: 7 is new again.
    assertThat(d.seenBefore(7)).isFalse();
  }

  @Test
  void fewNewKeysPassForSeenOnes() {
    // 2^20 bits (131,072 keys before a clear) holding 100,000 to 120,000 keys, as a full
    // 100,000-entry cache's filter does: one bit per key let ~10 % of new keys pass as seen,
    // two bits in one word let ~4 % pass.
    Doorkeeper d = new Doorkeeper(131_072);
    java.util.Random random = new java.util.Random(5);
    for (int inserted = 0; inserted < 100_000; ) {
      if (!d.seenBefore(random.nextInt())) {
        inserted++;
      }
    }
    int falsePositives = 0;
    for (int i = 0; i < 20_000; i++) {
      if (d.seenBefore(random.nextInt())) {
        falsePositives++;
      }
    }
    assertThat(falsePositives).isBetween(1, 20_000 * 6 / 100);
  }
}
