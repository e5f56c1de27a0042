package io.tandemdns.server.query;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tandemdns.zone.ZoneRegistry;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Transport-independent query processing: bytes of one DNS message in, bytes of the response
 * out. Never blocks; safe to call from many event-loop threads at once.
 *
 * <p>STUB: contract only, implementation pending.
 */
public final class QueryProcessor {
  public QueryProcessor(Supplier<ZoneRegistry> zones, QuerySettings settings) {}

  /**
   * Answers one message.
   *
   * @param query the message bytes (readable region); not released by this method
   * @param client the peer address (ACLs, rate limiting later)
   * @param transport UDP responses are truncated to the client's limit; TCP up to 65535 bytes
   * @return the response, owned by the caller, or null to send nothing (QR=1, unreadable header)
   */
  public ByteBuf process(ByteBuf query, InetSocketAddress client, Transport transport, ByteBufAllocator alloc) {
    throw new UnsupportedOperationException("pending");
  }
}
