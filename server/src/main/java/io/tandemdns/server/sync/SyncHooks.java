package io.tandemdns.server.sync;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tandemdns.server.query.Transport;
import java.net.InetSocketAddress;

/**
 * What the query pipeline hands to zone sync: NOTIFY messages (RFC 1996) and transfer requests
 * that arrive as single datagrams (IXFR over UDP, RFC 1995 §2; AXFR over UDP is refused, RFC
 * 5936 §4.2). Multi-message TCP transfers are streamed by {@link TransferHandler} in the TCP
 * pipeline instead. Every method answers from memory and only schedules background work.
 */
public interface SyncHooks {
  /** A NOTIFY (opcode 4) message; the response bytes, or null to send nothing. */
  ByteBuf notify(ByteBuf query, InetSocketAddress client, ByteBufAllocator alloc);

  /** An AXFR or IXFR query that is answered with one message. */
  ByteBuf singleMessageTransfer(ByteBuf query, InetSocketAddress client, Transport transport, int maxSize,
      ByteBufAllocator alloc);

  /**
   * A query whose last additional record is TSIG (offset {@code tsigOffset}): verify it, answer
   * the query without it through {@code unsignedAnswer}, sign the answer (RFC 8945 §5).
   */
  ByteBuf signedQuery(ByteBuf query, int tsigOffset, InetSocketAddress client, Transport transport,
      ByteBufAllocator alloc, java.util.function.Function<ByteBuf, ByteBuf> unsignedAnswer);

  /** Where transfer messages are rendered (off the event loops). */
  java.util.concurrent.Executor transferExecutor();

  /** A TCP transfer request: the stream of response messages, or null if {@code frame} is not one. */
  OutgoingTransfer tcpTransfer(ByteBuf frame, InetSocketAddress client);
}
