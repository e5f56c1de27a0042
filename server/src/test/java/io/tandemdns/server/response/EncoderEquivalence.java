package io.tandemdns.server.response;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.lookup.Answer;
import io.tandemdns.lookup.Lookup;
import io.tandemdns.server.response.ResponseEncoder.Sections;
import io.tandemdns.zone.RecordSet;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneRegistry;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The hand-written {@link ResponseEncoder} against the dnsjava encoding it replaced
 * ({@code Message.toWire(max)}, kept here as the reference): for every answer the lookup gives
 * over a zone's names and types, both must produce the same bytes at every size limit tried,
 * which covers compression, RRSIG placement and each truncation point.
 */
public final class EncoderEquivalence {
  private static final int FLAG_TC = 0x0200;
  private static final int[] TYPES = {Type.A, Type.AAAA, Type.NS, Type.SOA, Type.MX, Type.TXT, Type.CNAME,
      Type.SRV, Type.PTR, Type.DNAME, Type.DS, Type.DNSKEY, Type.RRSIG, Type.NSEC, Type.NSEC3PARAM, Type.CAA,
      Type.ANY, Type.NAPTR, 65};

  private EncoderEquivalence() {}

  /** The dnsjava encoding, exactly as ResponseEncoder did it before issue 5's encoder. */
  static byte[] reference(int id, int queryFlags, Name qname, int qtype, Sections sections, int ednsPayload,
      boolean dnssecOk, int maxLength) {
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
    m.addRecord(Record.newRecord(qname, qtype, DClass.IN), Section.QUESTION);
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
    return wire;
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

  /**
   * Compares both encoders over every owner of {@code zones} (as stored and upper-cased), a child
   * of each that does not exist, and {@link #TYPES}; with and without DO and EDNS, minimal ANY or
   * not, at 512, 1232 and 65535 bytes and at every 7th limit below each answer's full size.
   *
   * @return the number of (answer, limit) pairs compared, so a caller can check the corpus is real
   */
  public static int assertSameBytes(List<Zone> zones) throws Exception {
    ZoneRegistry registry = ZoneRegistry.of(zones);
    Set<Name> names = new LinkedHashSet<>();
    for (Zone z : zones) {
      for (Record r : z.records()) {
        names.add(r.getName());
        names.add(Name.fromString(r.getName().toString().toUpperCase()));
        names.add(Name.concatenate(Name.fromConstantString("nx-0"), r.getName()));
      }
    }
    int compared = 0;
    List<String> mismatches = new ArrayList<>();
    for (Name name : names) {
      for (int type : TYPES) {
        for (int variant = 0; variant < 4; variant++) {
          boolean dnssecOk = (variant & 1) != 0;
          boolean minimalAny = (variant & 2) != 0;
          Answer a = Lookup.resolve(registry, name, type, minimalAny, dnssecOk);
          if (a.isRefused()) {
            continue;
          }
          Sections s = new Sections(a.rcode(), a.authoritative(), a.answer(), a.authority(), a.additional(),
              a.kind() == Answer.Kind.REFERRAL);
          int payload = dnssecOk ? 1232 : (variant == 0 ? -1 : 4096);
          int full = reference(1, 0x0110, name, type, s, payload, dnssecOk, 65535).length;
          List<Integer> limits = new ArrayList<>(List.of(512, 1232, 65535));
          for (int limit = Math.max(40, full - 7 * 40); limit < full; limit += 7) {
            limits.add(limit);
          }
          for (int limit : limits) {
            byte[] expected = reference(0x4242, 0x0110, name, type, s, payload, dnssecOk, limit);
            byte[] actual = ResponseEncoder.encode(0x4242, 0x0110, name, type, DClass.IN, s, payload, dnssecOk, limit)
                .wire();
            compared++;
            if (!java.util.Arrays.equals(expected, actual) && mismatches.size() < 5) {
              mismatches.add(name + " " + Type.string(type) + " DO=" + dnssecOk + " minimalAny=" + minimalAny
                  + " limit=" + limit + "\n expected " + HexFormat.of().formatHex(expected)
                  + "\n actual   " + HexFormat.of().formatHex(actual));
            }
          }
        }
      }
    }
    assertThat(mismatches).isEmpty();
    return compared;
  }
}
