package io.tandemdns.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the TCP stream into DNS messages, each preceded by a two-byte length (RFC 1035 §4.2.2,
 * RFC 7766 §8). A length below the 12-byte DNS header cannot frame a message, so the stream is
 * out of sync and the connection is closed as soon as the length is seen — without waiting for
 * the bogus body.
 */
final class TcpFrameDecoder extends ByteToMessageDecoder {
  static final int HEADER_LENGTH = 12;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 2) {
      return;
    }
    int length = in.getUnsignedShort(in.readerIndex());
    if (length < HEADER_LENGTH) {
      in.skipBytes(in.readableBytes());
      ctx.close();
      return;
    }
    if (in.readableBytes() < 2 + length) {
      return;
    }
    in.skipBytes(2);
    out.add(in.readRetainedSlice(length));
  }
}
