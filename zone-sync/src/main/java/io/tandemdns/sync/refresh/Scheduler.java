package io.tandemdns.sync.refresh;

import java.time.Duration;
import java.time.Instant;

/**
 * The time seam of the refresh machinery: what time it is and "run this later". The real one
 * is {@link ExecutorScheduler}; tests drive a manual one so refresh, retry and expire are tested
 * without sleeping.
 */
public interface Scheduler {
  Instant now();

  /** Runs {@code task} once after {@code delay} (zero: as soon as possible), off the caller's thread. */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that can be called off. */
  interface Cancellable {
    void cancel();
  }
}
