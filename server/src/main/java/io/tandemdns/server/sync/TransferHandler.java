package io.tandemdns.server.sync;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * Streams AXFR/IXFR responses on one TCP connection (RFC 5936 §2.2: many messages on one
 * connection). Sits in front of the query handler: frames that are not transfer requests pass
 * on untouched.
 *
 * <p>Backpressure: messages are produced only while the channel is writable, a bounded batch at a
 * time on the event loop (each message is a slice of an in-memory snapshot, ≤ 16 KiB), then the
 * loop yields to other channels; when the socket buffer fills up, production stops until Netty
 * reports the channel writable again. Queries pipelined behind a transfer wait and are answered
 * after it, in order (RFC 7766 §6.2.1.1).
 */
public final class TransferHandler extends ChannelInboundHandlerAdapter {
  /** Messages written per turn of the event loop before yielding (~512 KiB). */
  private static final int BATCH = 32;

  private final SyncHooks hooks;
  private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
  private OutgoingTransfer active;
  private io.netty.channel.ChannelFuture lastWrite;

  public TransferHandler(SyncHooks hooks) {
    this.hooks = hooks;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (active != null) {
      waiting.add(frame);
      return;
    }
    OutgoingTransfer t;
    try {
      t = hooks.tcpTransfer(frame, (InetSocketAddress) ctx.channel().remoteAddress());
    } catch (RuntimeException e) {
      t = null; // the query handler answers it (SERVFAIL/FORMERR) like any other message
    }
    if (t == null) {
      ctx.fireChannelRead(frame);
      return;
    }
    frame.release();
    active = t;
    ctx.channel().config().setAutoRead(false);
    pump(ctx);
  }

  private void pump(ChannelHandlerContext ctx) {
    OutgoingTransfer t = active;
    if (t == null || !ctx.channel().isActive()) {
      return;
    }
    for (int i = 0; i < BATCH && ctx.channel().isWritable(); i++) {
      ByteBuf m;
      try {
        m = t.next(ctx.alloc());
      } catch (RuntimeException e) {
        t.finished("failed: " + e);
        active = null;
        ctx.close();
        return;
      }
      if (m == null) {
        done(ctx, t);
        return;
      }
      lastWrite = ctx.write(m);
      lastWrite.addListener((ChannelFutureListener) f -> {
        if (!f.isSuccess()) {
          t.finished("failed: " + f.cause());
          f.channel().close();
        }
      });
    }
    ctx.flush();
    if (ctx.channel().isWritable()) {
      ctx.executor().execute(() -> pump(ctx)); // yield, then continue
    }
    // else: channelWritabilityChanged resumes
  }

  private void done(ChannelHandlerContext ctx, OutgoingTransfer t) {
    ctx.flush();
    // Writes complete in order: the last message done means the whole response is on the wire.
    if (lastWrite == null) {
      t.finished("ok");
    } else {
      lastWrite.addListener((ChannelFutureListener) f -> t.finished(f.isSuccess() ? "ok" : "failed: " + f.cause()));
    }
    lastWrite = null;
    active = null;
    while (active == null && !waiting.isEmpty()) {
      channelRead(ctx, waiting.poll());
    }
    if (active == null) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (active != null) {
      if (ctx.channel().isWritable()) {
        pump(ctx);
      }
      return; // the query handler must not resume reading mid-transfer
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (active != null) {
      active.finished("failed: client closed the connection");
      active = null;
    }
    while (!waiting.isEmpty()) {
      waiting.poll().release();
    }
    ctx.fireChannelInactive();
  }
}
