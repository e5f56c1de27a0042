package io.tandemdns.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-thread counters: no add lost across threads, sums kept after threads end; histograms on them. */
class ThreadCountersTest {

  @Test
  void sumsEveryThreadsAddsAndKeepsThemAfterTheThreadsEnd() throws InterruptedException {
    ThreadCounters counters = new ThreadCounters(3);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 100_000; i++) {
          long[] block = counters.block();
          ThreadCounters.add(block, 1, 1);
          ThreadCounters.add(block, 2, 3);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(counters.sum(0)).isZero();
    assertThat(counters.sum(1)).isEqualTo(400_000);
    assertThat(counters.sum(2)).isEqualTo(1_200_000);
  }

  @Test
  void bucketsCountEachValueOnceAndSumThem() {
    long[] bounds = {10, 100};
    ThreadCounters counters = new ThreadCounters(Buckets.slots(bounds));
    Buckets b = new Buckets(counters, 0, bounds);
    for (long v : new long[] {0, 10, 11, 100, 101, 5000}) {
      b.observe(counters.block(), v);
    }
    assertThat(b.counts()).containsExactly(2, 2, 2);
    assertThat(b.cumulativeCounts()).containsExactly(2, 4, 6);
    assertThat(b.sum()).isEqualTo(5222);
    assertThat(b.upperBounds()).containsExactly(10, 100);
  }

  @Test
  void histogramsSharingOneSetOfCountersStayApart() {
    long[] bounds = {1, 2};
    ThreadCounters counters = new ThreadCounters(1 + 2 * Buckets.slots(bounds));
    Buckets first = new Buckets(counters, 1, bounds);
    Buckets second = new Buckets(counters, 1 + Buckets.slots(bounds), bounds);
    long[] block = counters.block();
    ThreadCounters.add(block, 0, 7);
    first.observe(block, 1);
    second.observe(block, 5);
    second.observe(block, 2);
    assertThat(first.counts()).containsExactly(1, 0, 0);
    assertThat(first.sum()).isEqualTo(1);
    assertThat(second.counts()).containsExactly(0, 1, 1);
    assertThat(second.sum()).isEqualTo(7);
    assertThat(counters.sum(0)).isEqualTo(7);
    assertThatThrownBy(() -> new Buckets(counters, 2 + Buckets.slots(bounds), bounds))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
