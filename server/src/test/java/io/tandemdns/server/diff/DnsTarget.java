package io.tandemdns.server.diff;

import java.net.InetSocketAddress;

/** A running server the suite sends queries to (Knot, or Tandem in-process). */
public interface DnsTarget extends AutoCloseable {
  /** Short name for reports ("knot", "tandem"). */
  String name();

  /** Where it listens, UDP and TCP on the same loopback port. */
  InetSocketAddress address();

  @Override
  void close();
}
