package io.tandemdns.sync.xfrout;

import java.util.Iterator;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * Packs a stream of answer records into response messages of at most ~16 KiB each (like BIND
 * and Knot: big enough to be efficient, small enough to interleave with other TCP traffic), and
 * signs every one when the request was signed.
 *
 * <p>Size is bounded with each record's uncompressed length, an upper bound on what it takes
 * after name compression (RFC 1035 §4.1.4), so rendering never needs a trial. A single record
 * larger than the budget still goes out alone (a TCP message may be up to 65535 bytes).
 *
 * <p>TSIG: RFC 8945 §5.3.1 — the first message's MAC covers the request MAC and full TSIG
 * variables, later ones chain the previous MAC with timers only; we sign every message (the RFC
 * allows up to 99 unsigned in between, but BIND, Knot and kdig all accept signing each).
 */
final class MessagePacker implements MessageSource {
  static final int DEFAULT_MAX_BYTES = 16 * 1024;
  private static final int HEADER = 12;

  private final Message query;
  private final Iterator<? extends Record> records;
  private final TSIG.StreamGenerator signer;
  private final int budget;
  private Record pending;
  private boolean first = true;
  private boolean done;

  MessagePacker(Message query, Iterator<? extends Record> records, TSIG key, int maxBytes) {
    this.query = query;
    this.records = records;
    this.signer = key == null ? null : new TSIG.StreamGenerator(key, query.getTSIG());
    this.budget = maxBytes - HEADER - (key == null ? 0 : key.recordLength());
  }

  @Override
  public Message next() {
    if (done) {
      return null;
    }
    Message m = responseShell(query, first);
    int used = first && query.getQuestion() != null ? query.getQuestion().toWire(Section.QUESTION).length : 0;
    int count = 0;
    while (pending != null || records.hasNext()) {
      Record r = pending != null ? pending : records.next();
      pending = null;
      int size = r.toWire(Section.ANSWER).length;
      if (count > 0 && used + size > budget) {
        pending = r;
        break;
      }
      m.addRecord(r, Section.ANSWER);
      used += size;
      count++;
    }
    if (pending == null && !records.hasNext()) {
      done = true;
    }
    first = false;
    if (signer != null) {
      signer.generate(m);
    }
    return m;
  }

  /**
   * A response header for {@code query}: same ID and opcode, QR and AA set, RD copied (RFC 5936
   * §2.2.1); the question only in the first message (RFC 5936 §2.2.1 lets later ones omit it).
   */
  static Message responseShell(Message query, boolean withQuestion) {
    Header qh = query.getHeader();
    Message m = new Message(qh.getID());
    Header h = m.getHeader();
    h.setFlag(Flags.QR);
    h.setFlag(Flags.AA);
    if (qh.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    h.setOpcode(Opcode.QUERY);
    h.setRcode(Rcode.NOERROR);
    if (withQuestion && query.getQuestion() != null) {
      m.addRecord(query.getQuestion(), Section.QUESTION);
    }
    return m;
  }
}
