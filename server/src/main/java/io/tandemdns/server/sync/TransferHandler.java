package io.tandemdns.server.sync;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Streams AXFR/IXFR responses on one TCP connection (RFC 5936 §2.2: many messages on one
 * connection). Sits in front of the query handler: frames that are not transfer requests pass
 * on untouched.
 *
 * <p>Backpressure: messages (each ≤ 16 KiB of an immutable in-memory snapshot) are produced off
 * the event loop, a small batch at a time, and only while the channel is writable; when the
 * socket buffer fills up, production stops until Netty reports the channel writable again. At
 * most one batch per connection is in memory beyond Netty's outbound buffer. Queries pipelined behind a transfer wait and are answered
 * after it, in order (RFC 7766 §6.2.1.1).
 */
public final class TransferHandler extends ChannelInboundHandlerAdapter {
  /** Messages produced per hand-off to the event loop (~128 KiB). */
  private static final int BATCH = 8;

  private final SyncHooks hooks;
  private final Executor producer;
  private boolean producing;
  private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
  private OutgoingTransfer active;
  private io.netty.channel.ChannelFuture lastWrite;

  public TransferHandler(SyncHooks hooks) {
    this.hooks = hooks;
    this.producer = hooks.transferExecutor();
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

  /**
   * Asks the producer threads for the next batch, if none is under way and the channel can take
   * more. Rendering a 16 KiB message with name compression and TSIG costs about a millisecond,
   * too much to do hundreds of times on an event loop that serves other clients too.
   */
  private void pump(ChannelHandlerContext ctx) {
    OutgoingTransfer t = active;
    if (t == null || producing || !ctx.channel().isActive() || !ctx.channel().isWritable()) {
      return;
    }
    producing = true;
    ByteBufAllocator alloc = ctx.alloc();
    try {
      producer.execute(() -> {
        List<ByteBuf> batch = new ArrayList<>(BATCH);
        boolean end = false;
        RuntimeException error = null;
        try {
          for (int i = 0; i < BATCH; i++) {
            ByteBuf m = t.next(alloc);
            if (m == null) {
              end = true;
              break;
            }
            batch.add(m);
          }
        } catch (RuntimeException e) {
          error = e;
        }
        boolean last = end;
        RuntimeException failure = error;
        ctx.executor().execute(() -> delivered(ctx, t, batch, last, failure));
      });
    } catch (RejectedExecutionException e) { // shutting down
      producing = false;
      t.finished("failed: server shutting down");
      active = null;
      ctx.close();
    }
  }

  /** On the event loop: write a produced batch, then ask for the next one. */
  private void delivered(ChannelHandlerContext ctx, OutgoingTransfer t, List<ByteBuf> batch, boolean end,
      RuntimeException error) {
    producing = false;
    if (active != t || !ctx.channel().isActive() || error != null) {
      batch.forEach(ByteBuf::release);
      if (active == t) {
        t.finished("failed: " + (error != null ? error : "connection closed"));
        active = null;
        ctx.close();
      }
      return;
    }
    for (ByteBuf m : batch) {
      lastWrite = ctx.write(m);
      lastWrite.addListener((ChannelFutureListener) f -> {
        if (!f.isSuccess()) {
          t.finished("failed: " + f.cause());
          f.channel().close();
        }
      });
    }
    if (end) {
      done(ctx, t);
      return;
    }
    ctx.flush();
    pump(ctx); // production of the next batch overlaps the kernel sending this one
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
