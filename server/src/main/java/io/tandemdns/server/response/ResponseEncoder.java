package io.tandemdns.server.response;

import static io.tandemdns.server.response.MessageWriter.FLAG_AA;
import static io.tandemdns.server.response.MessageWriter.FLAG_CD;
import static io.tandemdns.server.response.MessageWriter.FLAG_QR;
import static io.tandemdns.server.response.MessageWriter.FLAG_RD;
import static io.tandemdns.server.response.MessageWriter.FLAG_TC;

import io.netty.util.concurrent.FastThreadLocal;
import io.tandemdns.zone.RecordSet;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Encodes an answer: header, question, the three sections with name compression, the OPT record
 * and RFC 2181 §9 truncation, written by hand into a per-thread buffer ({@link MessageWriter}).
 *
 * <p>Truncation drops whole RRsets (an RRSIG counts as part of the RRset it covers): an RRset that
 * does not fit is removed with everything after it. TC is set when the answer or authority section
 * lost something (RFC 2181 §9), or when glue a referral needs was dropped (RFC 9471 §3); dropping
 * other additional data is silent. The OPT is reserved room up front and always written last (RFC
 * 6891 §7). The question is written first at offset 12 uncompressed, and every later name equal to
 * (a suffix of) the qname is compressed to it, so patching the question's letter case patches theirs.
 */
public final class ResponseEncoder {
  private static final int HEADER_LENGTH = 12;
  private static final int TYPE_OPT = 41;
  private static final int OPT_DO = 0x8000;
  /** Root owner, type, payload, extended RCODE/version/flags, RDLENGTH (RFC 6891 §6.1.2). */
  private static final int OPT_LENGTH = 11;

  private static final FastThreadLocal<MessageWriter> WRITERS = new FastThreadLocal<>() {
    @Override
    protected MessageWriter initialValue() {
      return new MessageWriter();
    }
  };

  /**
   * An answer's sections and header bits, independent of any client.
   *
   * @param additionalRequired the additional section is glue a referral needs: if any of it is
   *     dropped, set TC (RFC 9471 §3) so the resolver retries over TCP
   */
  public record Sections(
      int rcode,
      boolean authoritative,
      List<RecordSet> answer,
      List<RecordSet> authority,
      List<RecordSet> additional,
      boolean additionalRequired) {}

  private ResponseEncoder() {}

  /**
   * @param id the message ID (patched per client later anyway)
   * @param queryFlags the query's flags word; RD and CD are copied (RFC 1035 §4.1.1, RFC 4035 §3.1.6)
   * @param qname the question's name, in the case the client sent
   * @param ednsPayload the payload we advertise, or -1 to send no OPT (the query had none)
   * @param dnssecOk include RRSIGs after each RRset (RFC 4035 §3.1.1) and echo DO (RFC 3225 §3)
   * @param maxLength the size limit of the encoded message
   */
  public static CachedResponse encode(int id, int queryFlags, Name qname, int qtype, int qclass, Sections sections,
      int ednsPayload, boolean dnssecOk, int maxLength) {
    MessageWriter w = WRITERS.get();
    w.reset();
    boolean opt = ednsPayload >= 0;
    int limit = maxLength - (opt ? OPT_LENGTH : 0);
    int flags = FLAG_QR | (sections.authoritative() ? FLAG_AA : 0) | (queryFlags & (FLAG_RD | FLAG_CD))
        | (sections.rcode() & 0xF);
    w.writeHeader(id, flags, 1); // the other counts are filled in below
    w.writeQuestion(qname, qtype, qclass);
    // Only a limit below any real one (the smallest is 512 less our options) leaves no room for
    // the question: then send the bare header with TC, as dnsjava did.
    boolean truncated = w.position() > limit;
    if (truncated) {
      w.rewind(HEADER_LENGTH);
      w.setU16(4, 0);
      flags |= FLAG_TC;
    }
    for (int i = 0; i < 3 && !truncated; i++) {
      List<RecordSet> part = i == 0 ? sections.answer() : i == 1 ? sections.authority() : sections.additional();
      int written = writeSection(w, part, dnssecOk, limit);
      truncated = written < 0;
      int count = truncated ? -written - 1 : written;
      w.setU16(6 + 2 * i, count);
      if (truncated && (i < 2 || sections.additionalRequired())) {
        flags |= FLAG_TC;
      }
    }
    int additional = w.getU16(10);
    if (opt) {
      w.writeU8(0); // root owner
      w.writeU16(TYPE_OPT);
      w.writeU16(ednsPayload);
      w.writeU8(0); // extended RCODE: ours are all below 16
      w.writeU8(0); // version 0
      w.writeU16(dnssecOk ? OPT_DO : 0);
      w.writeU16(0); // RDLENGTH: per-client options are appended later (ResponseWriter)
      additional++;
    }
    w.setU16(2, flags);
    w.setU16(10, additional);
    int length = w.position();
    return new CachedResponse(w.toByteArray(), sections.rcode(), opt ? length - 2 : -1);
  }

  /**
   * Writes one section's RRsets (each followed by its RRSIGs with DO) and returns the records
   * written, or {@code -(written + 1)} when an RRset did not fit: the message is then cut back to
   * the start of that RRset. Consecutive records of one RRset (same owner, class and type, RRSIG
   * by the type it covers) are never split.
   */
  private static int writeSection(MessageWriter w, List<RecordSet> sets, boolean dnssecOk, int limit) {
    int written = 0;
    int kept = 0;
    int rrsetStart = w.position();
    Record last = null;
    // Index loops: the lists are random-access, and an iterator per section showed in the
    // allocation profile.
    for (int k = 0; k < sets.size(); k++) {
      RecordSet set = sets.get(k);
      List<? extends Record> records = set.records();
      int n = records.size() + (dnssecOk ? set.signatures().size() : 0);
      for (int j = 0; j < n; j++) {
        Record r = j < records.size() ? records.get(j) : set.signatures().get(j - records.size());
        if (last != null && !r.sameRRset(last)) {
          rrsetStart = w.position();
          kept = written;
        }
        last = r;
        w.writeRecord(r);
        if (w.position() > limit) {
          w.rewind(rrsetStart);
          return -(kept + 1);
        }
        written++;
      }
    }
    return written;
  }
}
