package io.tandemdns.server.metrics;

/**
 * TCP connection counts kept by the transport (issue 6 metrics: "TCP connections open/refused"),
 * read at scrape time. Implementations use lock-free counters; reading never blocks accepting.
 */
public interface ConnectionCounters {
  /** Connections open right now. */
  long open();

  /** Connections admitted since start. */
  long accepted();

  /** Connections closed at accept because the total limit was reached (RFC 7766 §6.2.2). */
  long refusedTotal();

  /** Connections closed at accept because the client's per-address limit was reached. */
  long refusedPerClient();
}
