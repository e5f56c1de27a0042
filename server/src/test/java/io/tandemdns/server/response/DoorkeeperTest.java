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
    // 8 bits per remembered key with one hash: at most ~1/8 of new keys look seen when full.
    Doorkeeper d = new Doorkeeper(10_000);
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 5_000; i++) {
      d.seenBefore(random.nextInt());
    }
    int falsePositives = 0;
    for (int i = 0; i < 4_999; i++) {
      if (d.seenBefore(random.nextInt())) {
        falsePositives++;
      }
    }
    assertThat(falsePositives).isBetween(1, 4_999 / 8);
  }
}
