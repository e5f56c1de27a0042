package io.tandemdns.sync.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production scheduler: a small pool of daemon threads for refresh checks and transfers
 * (they block on the network, so they must never run on an event loop).
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
  private final Clock clock;
  private final ScheduledExecutorService executor;

  public ExecutorScheduler(Clock clock, int threads) {
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newScheduledThreadPool(threads, r -> {
      Thread t = new Thread(r, "zone-refresh-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
