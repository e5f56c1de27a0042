package io.tandemdns.server.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Logger;

/**
 * Logs unexpected per-packet failures at most once per interval, so a flood of bad traffic cannot
 * turn into a flood of log lines (no per-query logging), while a real bug still shows up.
 */
final class ProblemLog {
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Logger log;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  ProblemLog(Logger log) {
    this.log = log;
  }

  void warn(String what, Throwable cause) {
    long now = System.nanoTime();
    long next = nextAllowed.get();
    if ((next == Long.MIN_VALUE || now - next >= 0) && nextAllowed.compareAndSet(next, now + INTERVAL_NANOS)) {
      long skipped = suppressed.getAndSet(0);
      log.warn("{} ({} similar suppressed in the last minute)", what, skipped, cause);
    } else {
      suppressed.incrementAndGet();
      log.debug(what, cause);
    }
  }
}
