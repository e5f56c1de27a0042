package io.tandemdns.server.response;

import static io.tandemdns.server.response.MessageWriter.ANCOUNT_AT;
import static io.tandemdns.server.response.MessageWriter.FLAG_AA;
import static io.tandemdns.server.response.MessageWriter.FLAG_QR;
import static io.tandemdns.server.response.MessageWriter.FLAG_RD;

import java.util.Iterator;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Renders an unsigned transfer answer (AXFR, RFC 5936 §2.2) into messages with the query path's
 * {@link MessageWriter}: name compression as for answers, no dnsjava {@code Message} per message
 * and no rendering of each record twice (once to measure it, once to send it).
 *
 * <p>Why a second path beside dnsjava's: the first AXFR after a start ran dnsjava's rendering
 * code cold, and spent ~2.5 s of CPU (interpreter and JIT) on a 1M-record zone against ~0.35 s
 * once warm (issue 5); this writer is the code every answered query keeps compiled. Signed
 * transfers still go through dnsjava, which signs a {@code Message} (RFC 8945 §5.3.1).
 *
 * <p>Each message holds as many records as fit in the budget: a record that would pass it is
 * taken back ({@link MessageWriter#rewind}) and starts the next message; a record larger than
 * the budget goes out alone. The question is in the first message only (RFC 5936 §2.2.1).
 */
public final class TransferWriter {

  private final MessageWriter w = new MessageWriter();
  private final int id;
  private final int flags;
  private final Name qname;
  private final int qtype;
  private final int qclass;
  private final Iterator<? extends Record> records;
  private final int budget;
  private Record pending;
  private boolean first = true;
  private boolean done;
  private int lastCount;

  /**
   * @param recursionDesired the query's RD bit, copied (RFC 5936 §2.2.1)
   * @param maxBytes at most this many bytes per message, unless one record alone is larger
   */
  public TransferWriter(int id, boolean recursionDesired, Name qname, int qtype, int qclass,
      Iterator<? extends Record> records, int maxBytes) {
    this.id = id;
    // Opcode QUERY, rcode NOERROR.
    this.flags = FLAG_QR | FLAG_AA | (recursionDesired ? FLAG_RD : 0);
    this.qname = qname;
    this.qtype = qtype;
    this.qclass = qclass;
    this.records = records;
    this.budget = maxBytes;
  }

  /** The next message's wire bytes, or null after the last one. */
  public byte[] next() {
    if (done) {
      return null;
    }
    w.reset();
    w.writeHeader(id, flags, first ? 1 : 0); // ANCOUNT set below
    if (first) {
      w.writeQuestion(qname, qtype, qclass);
    }
    int count = 0;
    while (pending != null || records.hasNext()) {
      Record r = pending != null ? pending : records.next();
      pending = null;
      int before = w.position();
      w.writeRecord(r);
      if (count > 0 && w.position() > budget) {
        w.rewind(before);
        pending = r;
        break;
      }
      count++;
    }
    done = pending == null && !records.hasNext();
    first = false;
    w.setU16(ANCOUNT_AT, count);
    lastCount = count;
    return w.toByteArray();
  }

  /** How many records the message last returned by {@link #next} holds. */
  public int lastRecordCount() {
    return lastCount;
  }
}
