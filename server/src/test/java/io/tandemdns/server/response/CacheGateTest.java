package io.tandemdns.server.response;

import static io.tandemdns.server.response.CacheGate.MIN_HIT_SHARE;
import static io.tandemdns.server.response.CacheGate.SAMPLE;
import static io.tandemdns.server.response.CacheGate.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a thread stops asking the cache, how much it still asks, and when it asks again. */
class CacheGateTest {
  /** Runs {@code queries} queries; every {@code hitEvery}-th consulted one hits (0: none). Returns consults. */
  private static int run(CacheGate gate, int queries, int hitEvery) {
    int consulted = 0;
    for (int i = 0; i < queries; i++) {
      if (gate.consult()) {
        consulted++;
        if (hitEvery > 0 && consulted % hitEvery == 0) {
          gate.hit();
        }
      }
    }
    return consulted;
  }

  @Test
  void asksForEveryQueryUntilAWindowHasMostlyMissed() {
    CacheGate gate = new CacheGate();
    assertThat(run(gate, WINDOW, 0)).isEqualTo(WINDOW);
    assertThat(gate.sparse()).isFalse();
    // The next lookup decides: a window without a hit.
    assertThat(gate.consult()).isTrue();
    assertThat(gate.sparse()).isTrue();
  }

  @Test
  void whileSparseOnlyEverySampleThQueryAsks() {
    CacheGate gate = new CacheGate();
    run(gate, WINDOW + 1, 0);
    assertThat(run(gate, SAMPLE * 100, 0)).isEqualTo(100);
  }

  @Test
  void aWindowHittingOneInEightKeepsAskingForEveryQuery() {
    CacheGate gate = new CacheGate();
    run(gate, WINDOW, MIN_HIT_SHARE);
    assertThat(run(gate, WINDOW, MIN_HIT_SHARE)).isEqualTo(WINDOW);
    assertThat(gate.sparse()).isFalse();
  }

  @Test
  void aWindowHittingLessThanOneInEightGoesSparse() {
    CacheGate gate = new CacheGate();
    run(gate, WINDOW, MIN_HIT_SHARE + 1);
    gate.consult();
    assertThat(gate.sparse()).isTrue();
  }

  @Test
  void sampledLookupsThatHitAgainTurnTheGateBack() {
    CacheGate gate = new CacheGate();
    run(gate, WINDOW + 1, 0);
    assertThat(gate.sparse()).isTrue();
    // A window of samples, all hits (the load became cacheable): WINDOW x SAMPLE queries.
    assertThat(run(gate, WINDOW * SAMPLE, 1)).isEqualTo(WINDOW);
    gate.consult();
    assertThat(gate.sparse()).isFalse();
    assertThat(run(gate, 1000, 1)).isEqualTo(1000);
  }
}
