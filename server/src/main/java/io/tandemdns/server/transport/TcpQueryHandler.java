package io.tandemdns.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.tandemdns.server.query.QueryProcessor;
import io.tandemdns.server.query.Transport;
import java.net.InetSocketAddress;
import org.apache.logging.log4j.LogManager;

/**
 * Answers the framed messages of one TCP connection in arrival order (RFC 7766 §6.2.1.1:
 * pipelined queries are answered; answering in order is the simple, always-correct choice since
 * every answer comes from memory). Per connection, because it counts queries.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final ProblemLog PROBLEMS = new ProblemLog(LogManager.getLogger(TcpQueryHandler.class));

  private final QueryProcessor processor;
  private final int maxQueries;
  private int queries;
  private boolean closing;

  TcpQueryHandler(QueryProcessor processor, int maxQueries) {
    this.processor = processor;
    this.maxQueries = maxQueries;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    if (closing) {
      return;
    }
    ByteBuf response;
    try {
      response = processor.process(frame, (InetSocketAddress) ctx.channel().remoteAddress(), Transport.TCP, ctx.alloc());
    } catch (RuntimeException e) {
      PROBLEMS.warn("query from " + ctx.channel().remoteAddress() + " failed", e);
      return;
    }
    queries++;
    if (queries >= maxQueries) {
      // RFC 7766 §6.2.3: the server may close a connection; answer this query first.
      closing = true;
      if (response != null) {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.close();
      }
      return;
    }
    if (response != null) {
      // The FlushConsolidationHandler turns the flushes of one read burst into one syscall.
      ctx.writeAndFlush(response, ctx.voidPromise());
      if (!ctx.channel().isWritable()) {
        // The client sends faster than it reads: stop reading until the queue drains, so one
        // connection cannot pile up unbounded responses in memory.
        ctx.channel().config().setAutoRead(false);
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && !closing) {
      ctx.channel().config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownEvent) {
      // The client half-closed after its last query (RFC 7766 §6.2.1 lets a client close its
      // side): answer what was asked, then close. An empty write below the length prepender
      // completes only after every earlier response is flushed.
      closing = true;
      ctx.pipeline().context(TcpChannelInitializer.FLUSH).writeAndFlush(Unpooled.EMPTY_BUFFER)
          .addListener(ChannelFutureListener.CLOSE);
    } else if (event instanceof IdleStateEvent) {
      // RFC 7766 §6.2.3 idle timeout. The idle handler sits behind the frame decoder, so only
      // whole messages count as activity: a client trickling bytes is cut off too.
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Resets, oversized responses: the connection is done, the listener is fine.
    ctx.close();
  }
}
