package io.tandemdns.server.transport;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open TCP connections, in total and per client address (RFC 7766 §6.2.2: servers should
 * limit both), shared by all TCP listeners of one server.
 */
final class TcpConnectionGate {
  private final int maxTotal;
  private final int maxPerClient;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

  TcpConnectionGate(int maxTotal, int maxPerClient) {
    this.maxTotal = maxTotal;
    this.maxPerClient = maxPerClient;
  }

  /** Takes a slot for a new connection from {@code client}; false when a limit is reached. */
  boolean tryAcquire(InetAddress client) {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
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
    }
    return admitted[0];
  }

  /** Gives back the slot of a closed connection. */
  void release(InetAddress client) {
    perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    total.decrementAndGet();
  }

  int open() {
    return total.get();
  }
}
