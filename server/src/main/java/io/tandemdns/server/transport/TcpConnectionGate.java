package io.tandemdns.server.transport;

import io.tandemdns.server.metrics.ConnectionCounters;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts open TCP connections, in total and per client address (RFC 7766 §6.2.2: servers should
 * limit both), shared by all TCP listeners of one server.
 */
final class TcpConnectionGate implements ConnectionCounters {
  private final int maxTotal;
  private final int maxPerClient;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();
  /** Metrics (issue 6): LongAdders, so counting never contends on the accept path. */
  private final LongAdder accepted = new LongAdder();
  private final LongAdder refusedTotal = new LongAdder();
  private final LongAdder refusedPerClient = new LongAdder();

  TcpConnectionGate(int maxTotal, int maxPerClient) {
    this.maxTotal = maxTotal;
    this.maxPerClient = maxPerClient;
  }

  /** Takes a slot for a new connection from {@code client}; false when a limit is reached. */
  boolean tryAcquire(InetAddress client) {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      refusedTotal.increment();
      return false;
    }
    boolean[] admitted = {false};
    perClient.compute(client, (k, n) -> {
      int open = n == null ? 0 : n;
      if (open >= maxPerClient) {
        return n;
      }
      admitted[0] = true;
      return open + 1;
    });
    if (!admitted[0]) {
      total.decrementAndGet();
      refusedPerClient.increment();
    } else {
      accepted.increment();
    }
    return admitted[0];
  }

  /** Gives back the slot of a closed connection. */
  void release(InetAddress client) {
    perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    total.decrementAndGet();
  }

  @Override
  public long open() {
    return total.get();
  }

  @Override
  public long accepted() {
    return accepted.sum();
  }

  @Override
  public long refusedTotal() {
    return refusedTotal.sum();
  }

  @Override
  public long refusedPerClient() {
    return refusedPerClient.sum();
  }
}
