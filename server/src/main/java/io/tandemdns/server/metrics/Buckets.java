package io.tandemdns.server.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-bucket histogram for the query path: one LongAdder per bucket, no locks, no allocation
 * per observation. Read (cumulatively, as Prometheus wants) only at scrape time.
 */
public final class Buckets {
  private final long[] upperBounds;
  private final LongAdder[] counts;
  private final LongAdder sum = new LongAdder();

  /** @param upperBounds inclusive upper bounds in the observed unit, ascending; +Inf is implied */
  public Buckets(long... upperBounds) {
    for (int i = 1; i < upperBounds.length; i++) {
      if (upperBounds[i] <= upperBounds[i - 1]) {
        throw new IllegalArgumentException("bucket bounds must ascend: " + upperBounds[i - 1] + ", " + upperBounds[i]);
      }
    }
    this.upperBounds = upperBounds.clone();
    this.counts = new LongAdder[upperBounds.length + 1];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  public void observe(long value) {
    int i = 0;
    while (i < upperBounds.length && value > upperBounds[i]) {
      i++;
    }
    counts[i].increment();
    sum.add(value);
  }

  public long[] upperBounds() {
    return upperBounds.clone();
  }

  /** Cumulative counts, one per bound plus the final +Inf (the total). */
  public long[] cumulativeCounts() {
    long[] out = new long[counts.length];
    long running = 0;
    for (int i = 0; i < counts.length; i++) {
      running += counts[i].sum();
      out[i] = running;
    }
    return out;
  }

  /** Per-bucket (not cumulative) counts, one per bound plus the final +Inf bucket. */
  public long[] counts() {
    long[] out = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = counts[i].sum();
    }
    return out;
  }

  public long sum() {
    return sum.sum();
  }
}
