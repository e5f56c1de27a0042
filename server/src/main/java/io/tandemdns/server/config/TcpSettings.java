package io.tandemdns.server.config;

import java.time.Duration;

/** TCP limits (RFC 7766 §6.2). */
public record TcpSettings(
    int maxConnections, int maxConnectionsPerClient, Duration idleTimeout, int maxQueriesPerConnection) {
  public static TcpSettings defaults() {
    return new TcpSettings(1000, 50, Duration.ofSeconds(10), 10_000);
  }
}
