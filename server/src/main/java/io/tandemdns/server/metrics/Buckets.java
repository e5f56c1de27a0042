package io.tandemdns.server.metrics;

/**
 * A fixed-bucket histogram for the query path: its counts and sum are a range of
 * {@link ThreadCounters}, so an observation is a few plain adds to the calling thread's block,
 * no locks, no allocation. Read (cumulatively, as Prometheus wants) only at scrape time.
 */
public final class Buckets {
  private final long[] upperBounds;
  private final ThreadCounters counters;
  /** Index of the first bucket's count in {@link #counters}; the sum follows the last bucket. */
  private final int first;

  /**
   * A histogram over {@code counters}[first, first + {@link #slots}): several histograms and
   * counters can share one block per thread.
   *
   * @param upperBounds inclusive upper bounds in the observed unit, ascending; +Inf is implied
   */
  public Buckets(ThreadCounters counters, int first, long... upperBounds) {
    for (int i = 1; i < upperBounds.length; i++) {
      if (upperBounds[i] <= upperBounds[i - 1]) {
        throw new IllegalArgumentException("bucket bounds must ascend: " + upperBounds[i - 1] + ", " + upperBounds[i]);
      }
    }
    if (first < 0 || first + slots(upperBounds) > counters.size()) {
      throw new IllegalArgumentException("buckets do not fit in the counters");
    }
    this.upperBounds = upperBounds.clone();
    this.counters = counters;
    this.first = first;
  }

  /** Counters a histogram with these bounds takes: one per bound, +Inf, and the sum. */
  public static int slots(long... upperBounds) {
    return upperBounds.length + 2;
  }

  /** Counts {@code value} in {@code block}, the calling thread's ({@link ThreadCounters#block}). */
  public void observe(long[] block, long value) {
    int i = 0;
    while (i < upperBounds.length && value > upperBounds[i]) {
      i++;
    }
    ThreadCounters.add(block, first + i, 1);
    ThreadCounters.add(block, first + upperBounds.length + 1, value);
  }

  public long[] upperBounds() {
    return upperBounds.clone();
  }

  /** Cumulative counts, one per bound plus the final +Inf (the total). */
  public long[] cumulativeCounts() {
    long[] out = counts();
    for (int i = 1; i < out.length; i++) {
      out[i] += out[i - 1];
    }
    return out;
  }

  /** Per-bucket (not cumulative) counts, one per bound plus the final +Inf bucket. */
  public long[] counts() {
    long[] out = new long[upperBounds.length + 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = counters.sum(first + i);
    }
    return out;
  }

  public long sum() {
    return counters.sum(first + upperBounds.length + 1);
  }
}
