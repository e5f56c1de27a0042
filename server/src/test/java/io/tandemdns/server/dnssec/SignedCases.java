package io.tandemdns.server.dnssec;

import io.tandemdns.server.diff.QueryCase;
import io.tandemdns.server.diff.QueryCase.Edns;
import io.tandemdns.server.diff.Tolerance;
import io.tandemdns.server.dnssec.SignedZones.Denial;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The query table of the signed-zone differential suite (issue 7): each (name, type) row runs in
 * each of the three signed zones, DO on and off, over UDP with EDNS 1232 and 600 and over TCP.
 */
final class SignedCases {
  private SignedCases() {}

  /** What a row exercises; {@code only} limits it to some zones (empty: all). */
  record Row(String rule, String name, Set<Denial> only, Tolerance tolerance, int... qtypes) {
    Row(String rule, String name, int... qtypes) {
      this(rule, name, Set.of(), Tolerance.STRICT, qtypes);
    }

    Row(String rule, String name, Set<Denial> only, int... qtypes) {
      this(rule, name, only, Tolerance.STRICT, qtypes);
    }

    Row(String rule, String name, Tolerance tolerance, int... qtypes) {
      this(rule, name, Set.of(), tolerance, qtypes);
    }
  }

  static final int SMALL = 600;
  static final int DEFAULT = 1232;

  /** The NSEC3 hashed owner of www (a name that exists), written relative to the origin. */
  static final String HASHED_WWW = "<hash of www>";

  static final List<Row> ROWS = List.of(
      new Row("positive", "www", Type.A, Type.AAAA),
      new Row("positive apex", "@", Type.SOA, Type.NS),
      new Row("nxdomain", "nope", Type.A),
      new Row("nxdomain, next closer below", "a.nope", Type.A),
      new Row("nodata", "www", Type.MX),
      new Row("ent nodata", "ent", Type.A),
      new Row("ent nodata", "b.ent", Type.TXT),
      new Row("wildcard answer", "host.wild", Type.A, Type.TXT),
      new Row("wildcard answer, two labels", "a.b.wild", Type.A),
      new Row("wildcard nodata", "host.wild", Type.MX),
      new Row("wildcard owner", "*.wild", Type.A),
      new Row("signed referral", "www.secure", Type.A),
      new Row("signed referral", "secure", Type.NS),
      new Row("unsigned referral", "www.insecure", Type.A),
      new Row("unsigned referral", "insecure", Type.NS),
      new Row("ds at cut present", "secure", Type.DS),
      new Row("ds at cut absent", "insecure", Type.DS),
      new Row("ds below unsigned cut", "ns.insecure", Type.DS),
      new Row("ds nodata at apex-side name", "www", Type.DS),
      new Row("dnskey", "@", Type.DNSKEY),
      new Row("rrsig", "www", SignedTolerances.RRSIG_QUERY, Type.RRSIG),
      new Row("nsec", "www", Type.NSEC),
      new Row("nsec apex", "@", Type.NSEC),
      new Row("nsec3param", "@", Type.NSEC3PARAM),
      new Row("nsec3 hashed owner", HASHED_WWW, Set.of(Denial.NSEC3, Denial.OPT_OUT), Type.NSEC3, Type.A),
      new Row("cname in zone", "alias", Type.A, Type.CNAME),
      new Row("cname to wildcard", "walias", Type.A),
      new Row("cname target nodata", "alias", Type.MX),
      new Row("dname", "host.dname", Type.A),
      new Row("dname owner", "dname", Type.DNAME),
      new Row("dname to nxdomain", "nope.dname", Type.A),
      new Row("large rrset", "big", Type.TXT));

  static Name absolute(String relative, Denial d) {
    if (relative.equals("@")) {
      return d.origin;
    }
    if (relative.equals(HASHED_WWW)) {
      return SignedZones.hashedOwner(Name.fromConstantString("www." + d.origin), d.origin);
    }
    return Name.fromConstantString(relative + "." + d.origin);
  }

  /** The transports and EDNS settings every row runs with. */
  static List<QueryCase> variants(QueryCase base) {
    List<QueryCase> out = new ArrayList<>();
    for (boolean dnssecOk : new boolean[] {false, true}) {
      for (int payload : new int[] {DEFAULT, SMALL}) {
        out.add(base.withEdns(new Edns(payload, 0, dnssecOk, -1))
            .accepting(base.tolerance() == Tolerance.STRICT ? Tolerance.TRUNCATED : base.tolerance()));
      }
      out.add(base.withEdns(new Edns(DEFAULT, 0, dnssecOk, -1)).withTcp(true));
    }
    return out;
  }

  /** Every case, as (zone flavour, case). */
  record Case(Denial denial, QueryCase query) {
    @Override
    public String toString() {
      return query.label();
    }
  }

  static List<Case> all() {
    List<Case> out = new ArrayList<>();
    for (Denial d : Denial.values()) {
      for (Row row : ROWS) {
        if (!row.only().isEmpty() && !row.only().contains(d)) {
          continue;
        }
        for (int qtype : row.qtypes()) {
          QueryCase base = QueryCase.of(absolute(row.name(), d).toString(), qtype, false, Edns.NONE)
              .accepting(row.tolerance())
              .about(row.rule() + " (" + d + ")");
          for (QueryCase q : variants(base)) {
            out.add(new Case(d, q));
          }
        }
      }
    }
    return out;
  }
}
