package io.tandemdns.sync.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A scheduler whose clock only moves when the test says so; due tasks run in the test thread. */
final class ManualScheduler implements Scheduler {
  private record Task(Instant at, long seq, Runnable run, boolean[] cancelled) {}

  private Instant now;
  private long seq;
  private final List<Task> tasks = new ArrayList<>();

  ManualScheduler(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    tasks.add(new Task(now.plus(delay), seq++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Moves the clock forward, running every task that falls due, in time order. */
  void advance(Duration d) {
    Instant end = now.plus(d);
    for (int guard = 0; guard < 10_000; guard++) {
      Task next;
      synchronized (this) {
        next = tasks.stream().filter(t -> !t.cancelled()[0] && !t.at().isAfter(end))
            .min(Comparator.comparing(Task::at).thenComparingLong(Task::seq)).orElse(null);
        if (next == null) {
          now = end;
          return;
        }
        tasks.remove(next);
        if (next.at().isAfter(now)) {
          now = next.at();
        }
      }
      next.run().run();
    }
    throw new IllegalStateException("runaway scheduling");
  }

  /** Runs what is due now. */
  void runDue() {
    advance(Duration.ZERO);
  }
}
