package io.tandemdns.server.query;

/** How a query arrived; decides truncation (UDP) and RFC 8482 ANY handling. */
public enum Transport {
  UDP,
  TCP
}
