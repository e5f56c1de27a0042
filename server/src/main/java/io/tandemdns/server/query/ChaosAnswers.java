package io.tandemdns.server.query;

import io.tandemdns.server.response.ResponseEncoder.Sections;
import io.tandemdns.zone.RecordSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The CHAOS-class names servers conventionally answer (BIND, NSD, Knot): version.bind and
 * version.server with the version, id.server (RFC 4892 §2) and hostname.bind with the identity.
 * Everything else in class CH is REFUSED, as Knot does. Like Knot, AA stays clear: we hold no
 * CH zone (BIND and NSD set it).
 */
final class ChaosAnswers {
  private final Map<Name, Sections> answers;

  ChaosAnswers(String version, String identity) {
    Map<Name, Sections> m = new java.util.HashMap<>();
    put(m, "version.bind.", version);
    put(m, "version.server.", version);
    put(m, "id.server.", identity);
    put(m, "hostname.bind.", identity);
    this.answers = Map.copyOf(m);
  }

  private static void put(Map<Name, Sections> m, String owner, String text) {
    if (text == null) {
      return;
    }
    Name name = Name.fromConstantString(owner);
    byte[] chars = text.getBytes(StandardCharsets.UTF_8);
    // Raw RDATA (one character-string) so the text is sent as configured, no zone-file escapes.
    byte[] rdata = new byte[chars.length + 1];
    rdata[0] = (byte) chars.length;
    System.arraycopy(chars, 0, rdata, 1, chars.length);
    Record txt = Record.newRecord(name, Type.TXT, DClass.CH, 0, rdata);
    RecordSet set = new RecordSet(name, Type.TXT, 0, List.of(txt), List.of());
    m.put(name, new Sections(Rcode.NOERROR, false, List.of(set), List.of(), List.of(), false));
  }

  /** The answer for a CH question, or null for REFUSED (only TXT is served). */
  Sections answer(Name qname, int qtype) {
    return qtype == Type.TXT ? answers.get(qname) : null;
  }
}
