package io.tandemdns.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.tandemdns.server.query.QueryProcessor;
import io.tandemdns.server.query.Transport;
import org.apache.logging.log4j.LogManager;

/**
 * One datagram in, at most one datagram out. Responses are written during the read burst and
 * flushed once at its end, so the epoll transport can hand several to the kernel together.
 */
@Sharable
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final ProblemLog PROBLEMS = new ProblemLog(LogManager.getLogger(UdpQueryHandler.class));

  private final QueryProcessor processor;

  UdpQueryHandler(QueryProcessor processor) {
    this.processor = processor;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ByteBuf response;
    try {
      response = processor.process(packet.content(), packet.sender(), Transport.UDP, ctx.alloc());
    } catch (RuntimeException e) {
      // A bug in the query path must cost one packet, never the listener.
      PROBLEMS.warn("query from " + packet.sender() + " failed", e);
      return;
    }
    if (response != null) {
      ctx.write(new DatagramPacket(response, packet.sender()), ctx.voidPromise());
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // E.g. ICMP port unreachable surfacing as PortUnreachableException: not our problem, keep serving.
    PROBLEMS.warn("UDP socket " + ctx.channel().localAddress() + " error", cause);
  }
}
