package io.tandemdns.server.rrl;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the rate limiter, cheap to bump from many threads; read for metrics. */
public final class RrlStats {
  private final LongAdder limited = new LongAdder();
  private final LongAdder slipped = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder evicted = new LongAdder();
  private final LongAdder logged = new LongAdder();

  void limited() {
    limited.increment();
  }

  void slipped() {
    slipped.increment();
  }

  void dropped() {
    dropped.increment();
  }

  void logged() {
    logged.increment();
  }

  void evicted() {
    evicted.increment();
  }

  /** Responses over their bucket's rate (including those sent anyway in log-only mode). */
  public long limitedCount() {
    return limited.sum();
  }

  /** Limited responses replaced by an empty TC=1 response. */
  public long slippedCount() {
    return slipped.sum();
  }

  /** Limited responses not sent at all. */
  public long droppedCount() {
    return dropped.sum();
  }

  /** Buckets replaced because their set of the table was full. */
  public long evictedCount() {
    return evicted.sum();
  }

  /** "rate limiting ... responses to PREFIX" log lines (at most one per prefix per interval). */
  public long logLines() {
    return logged.sum();
  }

  @Override
  public String toString() {
    return "limited=" + limitedCount() + " slipped=" + slippedCount() + " dropped=" + droppedCount()
        + " evicted=" + evictedCount();
  }
}
