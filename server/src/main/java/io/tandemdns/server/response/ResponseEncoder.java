package io.tandemdns.server.response;

import io.tandemdns.zone.RecordSet;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Encodes an answer with dnsjava: name compression, the OPT record and RFC 2181 §9 truncation.
 *
 * <p>{@code Message.toWire(max)} drops whole RRsets (an RRSIG counts as part of the RRset it
 * covers), sets TC only when the answer or authority section lost something, and writes the OPT
 * after whatever fit, which is exactly RFC 2181 §9 plus RFC 6891 §7 (OPT kept when truncating).
 * The question is written first at offset 12 uncompressed, and every later name equal to (a
 * suffix of) the qname is compressed to it, so patching the question's letter case patches theirs.
 */
public final class ResponseEncoder {
  private static final int FLAG_TC = 0x0200;

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
   * @param question the question to echo, in the case the client sent
   * @param ednsPayload the payload we advertise, or -1 to send no OPT (the query had none)
   * @param dnssecOk include RRSIGs after each RRset (RFC 4035 §3.1.1) and echo DO (RFC 3225 §3)
   * @param maxLength the size limit of the encoded message
   */
  public static CachedResponse encode(
      int id, int queryFlags, Record question, Sections sections, int ednsPayload, boolean dnssecOk, int maxLength) {
    Message m = new Message(id);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setOpcode(Opcode.QUERY);
    if (sections.authoritative()) {
      m.getHeader().setFlag(Flags.AA);
    }
    if ((queryFlags & 0x0100) != 0) {
      m.getHeader().setFlag(Flags.RD);
    }
    if ((queryFlags & 0x0010) != 0) {
      m.getHeader().setFlag(Flags.CD);
    }
    m.getHeader().setRcode(sections.rcode());
    m.addRecord(question, Section.QUESTION);
    add(m, Section.ANSWER, sections.answer(), dnssecOk);
    add(m, Section.AUTHORITY, sections.authority(), dnssecOk);
    add(m, Section.ADDITIONAL, sections.additional(), dnssecOk);
    if (ednsPayload >= 0) {
      m.addRecord(new OPTRecord(ednsPayload, 0, 0, dnssecOk ? Flags.DO : 0), Section.ADDITIONAL);
    }
    byte[] wire = m.toWire(maxLength);
    if (sections.additionalRequired() && (wire[2] & (FLAG_TC >>> 8)) == 0) {
      int written = ((wire[10] & 0xFF) << 8 | (wire[11] & 0xFF)) - (ednsPayload >= 0 ? 1 : 0);
      if (written < m.getHeader().getCount(Section.ADDITIONAL) - (ednsPayload >= 0 ? 1 : 0)) {
        wire[2] |= (byte) (FLAG_TC >>> 8);
      }
    }
    // The OPT is the last record and carries no options: its RDLENGTH is the final two bytes.
    return new CachedResponse(wire, sections.rcode(), ednsPayload >= 0 ? wire.length - 2 : -1);
  }

  private static void add(Message m, int section, List<RecordSet> sets, boolean dnssecOk) {
    for (RecordSet set : sets) {
      for (Record r : set.records()) {
        m.addRecord(r, section);
      }
      if (dnssecOk) {
        for (Record sig : set.signatures()) {
          m.addRecord(sig, section);
        }
      }
    }
  }
}
