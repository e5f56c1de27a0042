package io.tandemdns.server.dnssec;

import io.tandemdns.server.diff.Normalized;
import io.tandemdns.server.diff.Normalized.Aspect;
import io.tandemdns.server.diff.QueryCase;
import io.tandemdns.server.diff.Tolerance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The accepted differences from Knot on signed zones, each with the RFC that leaves it open. */
final class SignedTolerances {
  private SignedTolerances() {}

  /**
   * A query for type RRSIG: RFC 4035 §3.1 only says how RRSIGs accompany other answers, and no
   * RFC says which RRSIGs an explicit RRSIG query returns. Knot answers with the RRSIGs of one
   * covered type (a minimal answer in the spirit of RFC 8482); Tandem, like BIND, returns every
   * RRSIG at the name. Everything but the answer is strict; Tandem's answer must be exactly the
   * RRSIGs the zone file holds at the name, Knot's a non-empty subset of them.
   */
  static final Tolerance RRSIG_QUERY = new Tolerance() {
    @Override
    public String name() {
      return "RRSIG query: Knot one type, Tandem all";
    }

    @Override
    public List<String> problems(QueryCase q, Normalized knot, Normalized tandem, Oracle oracle) {
      List<String> out = new ArrayList<>(knot.diff(tandem, EnumSet.complementOf(EnumSet.of(Aspect.ANSWER))));
      Set<String> truth = oracle.zoneRrsets(q);
      if (!tandem.answer().equals(truth)) {
        out.add("tandem: RRSIG query must give every RRSIG at the name " + truth + ", got " + tandem.answer());
      }
      Set<String> all = elements(truth);
      Set<String> knots = elements(knot.answer());
      if (knots.isEmpty() || !all.containsAll(knots)) {
        out.add("knot: expected a non-empty subset of " + truth + ", got " + knot.answer());
      }
      return out;
    }
  };

  /** The single records of normalized RRset strings ({@code key [ttl=.. rdata, ttl=.. rdata]}). */
  static Set<String> elements(Set<String> rrsets) {
    Set<String> out = new HashSet<>();
    for (String s : rrsets) {
      int open = s.indexOf('[');
      String key = s.substring(0, open);
      String body = s.substring(open + 1, s.length() - 1);
      Arrays.stream(body.split(", (?=ttl=)")).forEach(e -> out.add(key + e));
    }
    return out;
  }
}
