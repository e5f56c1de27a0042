package io.tandemdns.server.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.tandemdns.server.config.TcpSettings;
import io.tandemdns.server.query.QueryProcessor;
import io.tandemdns.server.sync.TransferHandler;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

/** Builds the pipeline of an accepted TCP connection, or closes it at once when over a limit. */
@Sharable
final class TcpChannelInitializer extends ChannelInitializer<SocketChannel> {
  static final String FLUSH = "flush";
  private static final LengthFieldPrepender PREPENDER = new LengthFieldPrepender(2);

  private final QueryProcessor processor;
  private final TcpSettings settings;
  private final TcpConnectionGate gate;

  TcpChannelInitializer(QueryProcessor processor, TcpSettings settings, TcpConnectionGate gate) {
    this.processor = processor;
    this.settings = settings;
    this.gate = gate;
    processor.attachTcpConnections(gate); // metrics read the gate's counters (issue 6)
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    InetAddress client = ch.remoteAddress().getAddress();
    if (!gate.tryAcquire(client)) {
      // Refused right at accept: costs one close, no buffers, no timer.
      ch.close();
      return;
    }
    ch.closeFuture().addListener(f -> gate.release(client));
    long idleNanos = settings.idleTimeout().toNanos();
    ChannelPipeline p = ch.pipeline();
    p.addLast(FLUSH, new FlushConsolidationHandler());
    p.addLast("frames", new TcpFrameDecoder());
    p.addLast("length", PREPENDER);
    p.addLast("idle", new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS));
    if (processor.sync() != null) {
      p.addLast("xfr", new TransferHandler(processor.sync())); // AXFR/IXFR streams (issue 3)
    }
    p.addLast("query", new TcpQueryHandler(processor, settings.maxQueriesPerConnection()));
  }
}
