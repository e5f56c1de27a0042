package io.tandemdns.server.query;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * Called on the event loop after each answered query when a query log is configured. An
 * implementation must decide cheaply whether to sample it and must never block (issue 6).
 */
public interface QueryLogHook {
  /** @param response the response about to be sent (readable bytes; not to be released or kept) */
  void answered(ByteBuf query, InetSocketAddress client, Transport transport, ByteBuf response, long nanos);
}
