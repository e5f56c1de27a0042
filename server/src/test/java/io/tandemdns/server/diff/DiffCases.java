package io.tandemdns.server.diff;

import static io.tandemdns.server.diff.QueryCase.Edns;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The query table of the differential suite. A generated part crosses (qname, qtype) rows that
 * each exercise one lookup rule with three transports/EDNS settings; hand-written corner cases
 * follow. Zones: {@code src/test/resources/diff/}.
 */
final class DiffCases {
  private DiffCases() {}

  /** One (qname, qtype) row of the generated part, with the rule it exercises. */
  private record Row(String rule, Tolerance tolerance, String qname, int... qtypes) {
    Row(String rule, String qname, int... qtypes) {
      this(rule, Tolerance.STRICT, qname, qtypes);
    }
  }

  /** RFC 6672 §2.2 fixes only the RCODE of a too-long substitution; Knot adds the zone's SOA. */
  private static final Tolerance YXDOMAIN_AUTHORITY =
      Tolerance.ignoring("RFC 6672 §2.2: authority of YXDOMAIN open", Normalized.Aspect.AUTHORITY);

  private static final List<Row> ROWS = List.of(
      // RFC 1034 §4.3.2 step 3a: exact match, and NODATA for a missing type (RFC 2308 §2.2)
      new Row("apex", "diff.test", Type.SOA, Type.NS, Type.A, Type.AAAA, Type.MX, Type.TXT, Type.SRV),
      new Row("exact", "www.diff.test", Type.A, Type.AAAA, Type.MX, Type.TXT),
      new Row("exact", "ns2.diff.test", Type.A),
      new Row("exact", "txt.diff.test", Type.TXT),
      new Row("srv in-zone target (additional)", "_sip._udp.diff.test", Type.SRV),
      new Row("srv out-of-zone target", "_ext._tcp.diff.test", Type.SRV),
      new Row("mx target with AAAA only", "mx6.diff.test", Type.MX),
      new Row("unknown type nodata", "www.diff.test", 65280),
      // CNAME (RFC 1034 §3.6.2, §4.3.2 step 3a; RFC 2308 §2.1 for the NXDOMAIN at the end)
      new Row("cname", "alias.diff.test", Type.A, Type.AAAA, Type.CNAME, Type.TXT),
      new Row("cname chain of 3", "chain1.diff.test", Type.A),
      new Row("cname loop", "loop-a.diff.test", Type.A),
      new Row("cname self loop", "self-loop.diff.test", Type.A),
      new Row("cname out of zone", "ext-alias.diff.test", Type.A),
      new Row("cname to nxdomain", "dangling.diff.test", Type.A),
      new Row("cname to mx owner", "alias-mx.diff.test", Type.MX),
      new Row("cname into delegation", "alias-deleg.diff.test", Type.A),
      // DNAME (RFC 6672 §2.2, §3)
      new Row("dname owner", "dname.diff.test", Type.DNAME, Type.A),
      new Row("below dname", "host.dname.diff.test", Type.A, Type.TXT),
      new Row("below dname to nxdomain", "x.dname.diff.test", Type.A),
      new Row("dname to dname", "host.dname-chain.diff.test", Type.A),
      new Row("dname out of zone", "www.dname-ext.diff.test", Type.A),
      new Row("dname fits 255", Tolerance.TRUNCATED_CHAIN, "x".repeat(51) + ".long.diff.test", Type.A),
      new Row("dname to long name", "host.long.diff.test", Type.A),
      new Row("dname yxdomain", YXDOMAIN_AUTHORITY, "x".repeat(52) + ".long.diff.test", Type.A),
      // Delegations (RFC 1034 §4.3.2 step 3b; DS at the parent side, RFC 4035 §3.1.4.1)
      new Row("delegation at cut", "sub.diff.test", Type.NS, Type.A, Type.SOA),
      new Row("ds at cut (parent side)", "sub.diff.test", Type.DS),
      new Row("below cut", "host.sub.diff.test", Type.A),
      new Row("glue below cut", "ns.sub.diff.test", Type.A, Type.AAAA),
      new Row("out-of-bailiwick delegation", "ext-deleg.diff.test", Type.A, Type.NS),
      new Row("no ds at cut", "ext-deleg.diff.test", Type.DS),
      new Row("below out-of-bailiwick cut", "deep.x.ext-deleg.diff.test", Type.A),
      // Wildcards (RFC 4592 §2.2.1 examples, §3.3.1)
      new Row("wildcard match", "host3.wild.diff.test", Type.A, Type.TXT),
      new Row("wildcard nodata", "host3.wild.diff.test", Type.MX),
      new Row("wildcard multi-label", "a.b.c.wild.diff.test", Type.A),
      new Row("wildcard owner itself", "*.wild.diff.test", Type.A),
      new Row("existing name blocks wildcard", "host1.wild.diff.test", Type.A, Type.TXT),
      new Row("no wildcard below existing name", "_telnet._tcp.host1.wild.diff.test", Type.SRV),
      new Row("ent blocks wildcard", "_tcp.host1.wild.diff.test", Type.SRV),
      new Row("ent blocks wildcard", "host2.wild.diff.test", Type.A),
      new Row("below ent no wildcard", "x.host2.wild.diff.test", Type.A),
      new Row("ghost below wildcard", "ghost.*.wild.diff.test", Type.A),
      new Row("delegation among wildcards", "host.subdel.wild.diff.test", Type.A),
      new Row("wildcard parent", "wild.diff.test", Type.A, Type.TXT),
      new Row("wildcard cname", "x.wcname.diff.test", Type.A, Type.CNAME),
      new Row("wildcard mx (additional)", "x.wmx.diff.test", Type.MX),
      // Empty non-terminals (RFC 4592 §2.2.2, RFC 8020) and NXDOMAIN (RFC 2308 §2.1)
      new Row("empty non-terminal", "deep.diff.test", Type.A),
      new Row("empty non-terminal", "ent.deep.diff.test", Type.A, Type.TXT),
      new Row("below ent", "host.ent.deep.diff.test", Type.A),
      new Row("nxdomain", "nope.diff.test", Type.A, Type.MX),
      new Row("nxdomain below ent", "x.deep.diff.test", Type.A),
      // Parent and child both served (deepest zone answers; DS from the parent)
      new Row("parent", "parent.test", Type.SOA, Type.NS),
      new Row("parent", "www.parent.test", Type.A),
      new Row("child apex from child", "child.parent.test", Type.SOA, Type.NS, Type.TXT, Type.A),
      new Row("ds of child from parent", "child.parent.test", Type.DS),
      new Row("child data", "www.child.parent.test", Type.A),
      new Row("child glue name from child", "ns.child.parent.test", Type.A),
      new Row("child nxdomain", "nope.child.parent.test", Type.A),
      new Row("unserved child referral", "other.parent.test", Type.NS),
      new Row("unserved child referral", "host.other.parent.test", Type.A),
      // Out of every served zone: REFUSED
      new Row("out of zone", Tolerance.EDE_OPTIONAL, "example.com", Type.A),
      new Row("out of zone (parent of served)", Tolerance.EDE_OPTIONAL, "test", Type.SOA),
      new Row("out of zone (suffix)", Tolerance.EDE_OPTIONAL, "diff.test.example", Type.A));

  /** Rows whose responses outgrow 512 / 1232 bytes: every UDP variant may be truncated. */
  private static final List<Row> SIZE_ROWS = List.of(
      new Row("size ~700", "medium.diff.test", Type.TXT),
      new Row("size ~1400", "big.diff.test", Type.TXT),
      new Row("size ~8800", "huge.diff.test", Type.TXT),
      new Row("40 A records", "many.diff.test", Type.A),
      new Row("referral with glue", "sub.diff.test", Type.A));

  static List<QueryCase> all() {
    List<QueryCase> out = new ArrayList<>();
    for (Row row : ROWS) {
      for (int qtype : row.qtypes()) {
        QueryCase base = QueryCase.of(row.qname(), qtype, false, Edns.NONE).accepting(row.tolerance());
        out.add(base.about(row.rule()));
        out.add(base.withEdns(Edns.DEFAULT).about(row.rule()));
        out.add(base.withTcp(true).withEdns(Edns.LARGE_DO).about(row.rule()));
      }
    }
    for (Row row : SIZE_ROWS) {
      for (int qtype : row.qtypes()) {
        QueryCase base = QueryCase.of(row.qname(), qtype, false, Edns.NONE);
        for (Edns e : new Edns[] {Edns.NONE, Edns.payload(100), Edns.payload(512), Edns.DEFAULT, Edns.LARGE_DO}) {
          out.add(base.withEdns(e).accepting(Tolerance.TRUNCATED).about(row.rule()));
          out.add(base.withEdns(e).withTcp(true).about(row.rule()));
        }
      }
    }
    out.addAll(corners());
    return out;
  }

  private static List<QueryCase> corners() {
    List<QueryCase> c = new ArrayList<>();
    // Mixed case: the question is echoed as sent (RFC 1035 §7.3), lookup is case-insensitive (RFC 4343).
    for (boolean tcp : new boolean[] {false, true}) {
      c.add(QueryCase.of("WwW.DiFf.TeSt", Type.A, tcp, Edns.NONE).about("mixed case"));
      c.add(QueryCase.of("mixedcase.DIFF.test", Type.A, tcp, Edns.DEFAULT).about("mixed case owner"));
      c.add(QueryCase.of("HOST3.Wild.diff.test", Type.A, tcp, Edns.NONE).about("mixed case wildcard"));
      c.add(QueryCase.of("Host.DNAME.diff.test", Type.A, tcp, Edns.NONE).about("mixed case dname"));
      c.add(QueryCase.of("ALIAS.diff.TEST", Type.A, tcp, Edns.NONE).about("mixed case cname"));
      c.add(QueryCase.of("Host.Sub.Diff.Test", Type.A, tcp, Edns.NONE).about("mixed case referral"));
      c.add(QueryCase.of("NOPE.diff.test", Type.A, tcp, Edns.NONE).about("mixed case nxdomain"));
      c.add(QueryCase.of("Example.COM", Type.A, tcp, Edns.NONE).about("mixed case refused"));
    }
    // Header bits copied from the query: RD (RFC 1035 §4.1.1), CD (RFC 4035 §3: "MUST copy the CD
    // bit"; Knot clears it on its unsigned zones, so Tandem's CD is pinned); RA stays 0.
    c.add(QueryCase.of("www.diff.test", Type.A, false, Edns.NONE).withRd().about("rd copied"));
    c.add(QueryCase.of("nope.diff.test", Type.A, true, Edns.NONE).withRd().about("rd copied"));
    c.add(QueryCase.of("example.com", Type.A, false, Edns.NONE).withRd().about("rd copied refused"));
    c.add(QueryCase.of("www.diff.test", Type.A, false, Edns.LARGE_DO).withCd()
        .accepting(Tolerance.flag("RFC 4035 §3 CD copied; Knot clears", Flags.CD, true)).about("cd copied"));
    c.add(QueryCase.of("nope.diff.test", Type.A, true, Edns.NONE).withCd()
        .accepting(Tolerance.flag("RFC 4035 §3 CD copied; Knot clears", Flags.CD, true)).about("cd copied"));
    // EDNS (RFC 6891): DO on an unsigned zone, unknown options ignored, version 1 → BADVERS.
    c.add(QueryCase.of("www.diff.test", Type.A, false, new Edns(1232, 0, false, 65001)).about("unknown edns option"));
    c.add(QueryCase.of("www.diff.test", Type.A, false, new Edns(1232, 0, false, 3)).about("nsid requested, none configured"));
    c.add(QueryCase.of("nope.diff.test", Type.A, false, Edns.LARGE_DO).about("do on nxdomain"));
    c.add(QueryCase.of("www.diff.test", Type.A, false, Edns.payload(0)).about("edns payload 0 means 512"));
    c.add(QueryCase.of("www.diff.test", Type.A, false, Edns.payload(65535)).about("edns payload 65535"));
    for (boolean tcp : new boolean[] {false, true}) {
      c.add(QueryCase.of("www.diff.test", Type.A, tcp, new Edns(1232, 1, false, -1)).about("badvers"));
      c.add(QueryCase.of("nope.diff.test", Type.A, tcp, new Edns(1232, 1, true, -1)).about("badvers"));
      c.add(QueryCase.of("example.com", Type.A, tcp, new Edns(1232, 2, false, -1)).about("badvers out of zone"));
    }
    // ANY: RFC 8482 over UDP (one RRset or HINFO), everything over TCP.
    for (String name : new String[] {"diff.test", "www.diff.test", "txt.diff.test", "host3.wild.diff.test"}) {
      c.add(QueryCase.of(name, Type.ANY, false, Edns.NONE).accepting(Tolerance.ANY_OVER_UDP).about("any"));
      c.add(QueryCase.of(name, Type.ANY, false, Edns.DEFAULT).accepting(Tolerance.ANY_OVER_UDP).about("any"));
      c.add(QueryCase.of(name, Type.ANY, true, Edns.NONE).accepting(Tolerance.ANY_OVER_TCP).about("any"));
    }
    for (String name : new String[] {"nope.diff.test", "deep.diff.test", "host.sub.diff.test", "alias.diff.test", "example.com"}) {
      c.add(QueryCase.of(name, Type.ANY, false, Edns.NONE).accepting(Tolerance.ANY_OVER_UDP).about("any special"));
      c.add(QueryCase.of(name, Type.ANY, true, Edns.NONE).about("any special"));
    }
    // CHAOS class (RFC 4892): both configured with version "Tandem DNS" and no identity. RFC 4892
    // does not say whether these answers are authoritative: Knot clears AA, Tandem (like BIND) sets it.
    Tolerance chaosAa = Tolerance.flag("RFC 4892: AA open", Flags.AA, null);
    for (String name : new String[] {"version.bind", "version.server", "id.server", "hostname.bind"}) {
      c.add(QueryCase.of(name, Type.TXT, false, Edns.NONE).withClass(DClass.CH).accepting(chaosAa).about("chaos"));
      c.add(QueryCase.of(name, Type.TXT, true, Edns.DEFAULT).withClass(DClass.CH).accepting(chaosAa).about("chaos"));
    }
    c.add(QueryCase.of("VERSION.Bind", Type.TXT, false, Edns.NONE).withClass(DClass.CH).accepting(chaosAa)
        .about("chaos mixed case"));
    c.add(QueryCase.of("version.bind", Type.A, false, Edns.NONE).withClass(DClass.CH).accepting(
        Tolerance.rcodeIn("CH non-TXT: open", Rcode.REFUSED, Rcode.NOERROR, Rcode.NOTIMP)).about("chaos"));
    c.add(QueryCase.of("foo.bind", Type.TXT, false, Edns.NONE).withClass(DClass.CH).accepting(
        Tolerance.rcodeIn("CH unknown name: open", Rcode.REFUSED, Rcode.NXDOMAIN, Rcode.NOTIMP)).about("chaos"));
    c.add(QueryCase.of("www.diff.test", Type.A, false, Edns.NONE).withClass(DClass.CH).about("chaos class for IN zone"));
    c.add(QueryCase.of("www.diff.test", Type.A, false, Edns.NONE).withClass(DClass.HS).accepting(
        Tolerance.rcodeIn("HS class: no zone", Rcode.REFUSED, Rcode.NOTIMP)).about("hesiod class"));
    // Opcodes other than QUERY (issue 2: NOTIMP until zone-sync; RFC 1035 §4.1.1, RFC 1996, RFC 2136).
    Tolerance notQuery = Tolerance.rcodeIn("opcode not served", Rcode.NOTIMP, Rcode.REFUSED, Rcode.NOTAUTH, Rcode.FORMERR);
    for (int opcode : new int[] {Opcode.IQUERY, Opcode.STATUS, 3, Opcode.NOTIFY, Opcode.UPDATE, 6, 15}) {
      c.add(QueryCase.of("diff.test", Type.SOA, false, Edns.NONE).withOpcode(opcode).accepting(notQuery).about("opcode"));
    }
    c.add(QueryCase.of("diff.test", Type.SOA, true, Edns.NONE).withOpcode(Opcode.NOTIFY).accepting(notQuery).about("opcode"));
    c.add(QueryCase.of("diff.test", Type.SOA, true, Edns.NONE).withOpcode(Opcode.UPDATE).accepting(notQuery).about("opcode"));
    // Zone transfers: not over UDP (RFC 5936 §4.2; IXFR may fall back, RFC 1995 §2), no ACL → refused.
    Tolerance noXfr = Tolerance.rcodeIn("transfer not allowed", Rcode.REFUSED, Rcode.NOTAUTH, Rcode.FORMERR, Rcode.NOTIMP);
    c.add(QueryCase.of("diff.test", Type.AXFR, false, Edns.NONE).accepting(noXfr).about("axfr"));
    c.add(QueryCase.of("diff.test", Type.AXFR, true, Edns.NONE).accepting(noXfr).about("axfr"));
    c.add(QueryCase.of("example.com", Type.AXFR, true, Edns.NONE).accepting(noXfr).about("axfr"));
    c.add(QueryCase.of("diff.test", Type.IXFR, true, Edns.NONE).accepting(noXfr).about("ixfr"));
    // Meta and obsolete query types (RFC 6895 §3.1: OPT is not a question type).
    c.add(QueryCase.of("www.diff.test", Type.OPT, false, Edns.NONE).accepting(
        Tolerance.rcodeIn("OPT as qtype", Rcode.FORMERR, Rcode.NOTIMP, Rcode.REFUSED, Rcode.NOERROR)).about("meta qtype"));
    c.add(QueryCase.of("www.diff.test", Type.MAILB, false, Edns.NONE).accepting(
        Tolerance.rcodeIn("MAILB", Rcode.NOTIMP, Rcode.NOERROR, Rcode.REFUSED, Rcode.FORMERR)).about("meta qtype"));
    c.add(QueryCase.of("www.diff.test", Type.RRSIG, false, Edns.LARGE_DO).about("rrsig on unsigned zone"));
    c.add(QueryCase.of("www.diff.test", Type.NSEC, false, Edns.LARGE_DO).about("nsec on unsigned zone"));
    // Malformed but readable queries → FORMERR (RFC 1035 §4.1.1, RFC 6891 §6.1.1); dropping them
    // is legitimate too (Knot drops a two-question query).
    Tolerance formerr = Tolerance.rcodeIn("malformed", true, Rcode.FORMERR);
    c.add(QueryCase.of("www.diff.test", Type.A, false, Edns.DEFAULT).accepting(formerr)
        .withWire("two OPT records", DiffCases::duplicateLastRecord).about("malformed"));
    c.add(QueryCase.of("www.diff.test", Type.A, true, Edns.DEFAULT).accepting(formerr)
        .withWire("two OPT records", DiffCases::duplicateLastRecord).about("malformed"));
    c.add(QueryCase.of("www.diff.test", Type.A, false, Edns.NONE).accepting(
        Tolerance.rcodeIn("qdcount 0", true, Rcode.FORMERR, Rcode.NOTIMP, Rcode.REFUSED))
        .withWire("qdcount 0", DiffCases::withoutQuestion).about("malformed"));
    c.add(QueryCase.of("www.diff.test", Type.A, false, Edns.NONE).accepting(formerr)
        .withWire("qdcount 2", DiffCases::duplicateQuestion).about("malformed"));
    return c;
  }

  /** Appends a copy of the last record of the additional section (the OPT) and bumps ARCOUNT. */
  private static byte[] duplicateLastRecord(byte[] wire) {
    // The OPT added by DnsClient is the last 11 bytes (root, type, class, ttl, rdlength 0).
    byte[] out = java.util.Arrays.copyOf(wire, wire.length + 11);
    System.arraycopy(wire, wire.length - 11, out, wire.length, 11);
    int ar = ((out[10] & 0xff) << 8 | (out[11] & 0xff)) + 1;
    out[10] = (byte) (ar >>> 8);
    out[11] = (byte) ar;
    return out;
  }

  /** Header only, QDCOUNT 0. */
  private static byte[] withoutQuestion(byte[] wire) {
    byte[] out = java.util.Arrays.copyOf(wire, 12);
    out[4] = 0;
    out[5] = 0;
    return out;
  }

  /** The question twice, QDCOUNT 2 (no server answers more than one question). */
  private static byte[] duplicateQuestion(byte[] wire) {
    byte[] out = new byte[12 + 2 * (wire.length - 12)];
    System.arraycopy(wire, 0, out, 0, wire.length);
    System.arraycopy(wire, 12, out, wire.length, wire.length - 12);
    out[5] = 2;
    return out;
  }
}
