package io.tandemdns.server.sync;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tandemdns.server.response.TransferWriter;
import io.tandemdns.sync.xfrout.MessageSource;
import java.net.InetSocketAddress;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;

/**
 * One outgoing transfer response on a TCP connection: its messages, produced one at a time from
 * the immutable zone snapshot (never the whole AXFR in memory), and the one log line that
 * describes it when it ends (STYLE habit 11: zone, operation, direction, remote, outcome,
 * serials, records, bytes, duration).
 */
public final class OutgoingTransfer {
  static final Logger LOG = LogManager.getLogger("io.tandemdns.server.sync.transfer");

  private final Name zone;
  private final String operation;
  private final InetSocketAddress remote;
  private final String serials;
  private final MessageSource source;
  /** Instead of {@code source}: an unsigned AXFR rendered without dnsjava messages. */
  private final TransferWriter writer;
  private final long start = System.nanoTime();
  private long messages;
  private long records;
  private long bytes;
  private boolean logged;
  private SyncStats stats;

  OutgoingTransfer(Name zone, String operation, InetSocketAddress remote, String serials, MessageSource source) {
    this(zone, operation, remote, serials, source, null);
  }

  OutgoingTransfer(Name zone, String operation, InetSocketAddress remote, String serials, TransferWriter writer) {
    this(zone, operation, remote, serials, null, writer);
  }

  private OutgoingTransfer(Name zone, String operation, InetSocketAddress remote, String serials, MessageSource source,
      TransferWriter writer) {
    this.zone = zone;
    this.operation = operation;
    this.remote = remote;
    this.serials = serials;
    this.source = source;
    this.writer = writer;
  }

  OutgoingTransfer countedIn(SyncStats s) {
    this.stats = s;
    return this;
  }

  /** A one-message answer (refusal, up-to-date IXFR) that is not logged as a transfer. */
  static OutgoingTransfer single(Message m) {
    Message[] one = {m};
    OutgoingTransfer t = new OutgoingTransfer(null, null, null, null, () -> {
      Message next = one[0];
      one[0] = null;
      return next;
    });
    t.logged = true;
    return t;
  }

  /** The next message as wire bytes, or null when the response is complete. */
  public ByteBuf next(ByteBufAllocator alloc) {
    byte[] wire;
    if (writer != null) {
      wire = writer.next();
      if (wire == null) {
        return null;
      }
      records += writer.lastRecordCount();
    } else {
      Message m = source.next();
      if (m == null) {
        return null;
      }
      // toWire() without a size: TSIG was computed over exactly this rendering (MessageSource).
      wire = m.toWire();
      records += m.getHeader().getCount(Section.ANSWER);
    }
    messages++;
    bytes += wire.length;
    ByteBuf buf = alloc.buffer(wire.length);
    buf.writeBytes(wire);
    return buf;
  }

  /** Logs the outcome once: "ok" after the last message was written, or why it stopped. */
  public void finished(String outcome) {
    if (logged) {
      return;
    }
    logged = true;
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (stats != null) {
      stats.transferOut(outcome.equals("ok"), System.nanoTime() - start);
    }
    String line = String.format("zone %s %s out to %s: %s, serial %s, %d records, %d messages, %d bytes, %d ms",
        zone, operation, remote.getAddress().getHostAddress() + "#" + remote.getPort(), outcome, serials,
        records, messages, bytes, ms);
    if (outcome.equals("ok")) {
      LOG.info(line);
    } else {
      LOG.warn(line);
    }
  }
}
