package io.tandemdns.server.diff;

import io.tandemdns.server.diff.Normalized.Aspect;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Rcode;

/**
 * How one case compares Knot's and Tandem's responses. Almost every case is {@link #STRICT}; the
 * others each name an RFC that allows more than one answer and check exactly what that RFC still
 * requires, on both servers. A tolerance is chosen per case in {@link DiffCases}, never globally.
 */
public interface Tolerance {
  /** Short name shown in the case label. */
  String name();

  /** The problems with this pair of responses; empty when they agree as far as this case requires. */
  List<String> problems(QueryCase q, Normalized knot, Normalized tandem, Oracle oracle) throws IOException;

  /** Access to Knot's full answer for a case, used by tolerances that compare against it. */
  interface Oracle {
    /** Knot's answer to the same question over TCP (no truncation, RFC 7766 §6.2). */
    Normalized knotOverTcp(QueryCase q) throws IOException;

    /** Every RRset the zone files hold at the name (ground truth, not a server's answer). */
    Set<String> zoneRrsets(QueryCase q);
  }

  Set<Aspect> ALL = EnumSet.allOf(Aspect.class);

  /** Everything equal: rcode, flags, question, answer/authority/additional as RRset sets, OPT. */
  Tolerance STRICT = new Tolerance() {
    @Override
    public String name() {
      return "strict";
    }

    @Override
    public List<String> problems(QueryCase q, Normalized knot, Normalized tandem, Oracle oracle) {
      return knot.diff(tandem, ALL);
    }
  };

  /**
   * RFC 8482 §4.1: over UDP an ANY query may be answered with one RRset of the name (or, §4.2, a
   * synthesized HINFO), and which one is the server's choice. Both servers must give exactly one
   * RRset that is either HINFO or part of the name's full (TCP) ANY answer; everything else but
   * the additional section (which follows the chosen RRset) stays strict. When both picked the
   * same RRset, the additional section is compared too.
   */
  Tolerance ANY_OVER_UDP = new Tolerance() {
    @Override
    public String name() {
      return "RFC 8482 one RRset";
    }

    @Override
    public List<String> problems(QueryCase q, Normalized knot, Normalized tandem, Oracle oracle)
        throws IOException {
      if (knot.answer().equals(tandem.answer())) {
        return knot.diff(tandem, ALL);
      }
      List<String> out = new ArrayList<>(knot.diff(tandem, except(Aspect.ANSWER, Aspect.ADDITIONAL)));
      Set<String> full = oracle.knotOverTcp(q.withTcp(true)).answer();
      out.addAll(oneOf("knot", knot.answer(), full));
      out.addAll(oneOf("tandem", tandem.answer(), full));
      return out;
    }

    private List<String> oneOf(String who, Set<String> answer, Set<String> full) {
      if (answer.size() == 1) {
        String only = answer.iterator().next();
        if (full.contains(only) || only.contains(" IN HINFO ")) {
          return List.of();
        }
      }
      if (answer.isEmpty() && full.isEmpty()) {
        return List.of();
      }
      return List.of(who + ": ANY over UDP must give one RRset of " + full + " or HINFO, gave " + answer);
    }
  };

  /**
   * RFC 2181 §9 / RFC 1035 §4.1.1: a response too large for the client is truncated with TC=1,
   * never inside an RRset; which whole RRsets still fit is up to the server (many servers send
   * none). So: rcode, flags (TC included), question and OPT strict; every RRset either server put
   * in a section must be a complete RRset of Knot's full TCP answer in that section.
   */
  Tolerance TRUNCATED = truncated(false);

  /**
   * As {@link #TRUNCATED}, for a CNAME/DNAME chain cut short by TC=1: the RCODE of a truncated
   * chain is open too, since a server may stop following the chain once it no longer fits
   * (Knot: NOERROR) or report the chain's final RCODE (RFC 6604 §3); the client must retry over
   * TCP either way (RFC 2181 §9).
   */
  Tolerance TRUNCATED_CHAIN = truncated(true);

  private static Tolerance truncated(boolean rcodeOpen) {
    return new Tolerance() {
      @Override
      public String name() {
        return rcodeOpen ? "TC content+rcode" : "TC content";
      }

      @Override
      public List<String> problems(QueryCase q, Normalized knot, Normalized tandem, Oracle oracle)
          throws IOException {
        if (!knot.hasFlag(Flags.TC)) {
          // Not truncated after all: then there is only one right answer.
          return knot.diff(tandem, ALL);
        }
        Set<Aspect> compared = rcodeOpen
            ? except(Aspect.ANSWER, Aspect.AUTHORITY, Aspect.ADDITIONAL, Aspect.RCODE)
            : except(Aspect.ANSWER, Aspect.AUTHORITY, Aspect.ADDITIONAL);
        List<String> out = new ArrayList<>(knot.diff(tandem, compared));
        Normalized full = oracle.knotOverTcp(q.withTcp(true));
        for (Normalized n : List.of(knot, tandem)) {
          String who = n == knot ? "knot" : "tandem";
          subset(out, who + " answer", n.answer(), full.answer());
          subset(out, who + " authority", n.authority(), full.authority());
          subset(out, who + " additional", n.additional(), full.additional());
          if (rcodeOpen && n.rcode() != Rcode.NOERROR && n.rcode() != full.rcode()) {
            out.add(who + ": truncated rcode " + n.rcodeName() + " is neither NOERROR nor the full answer's "
                + full.rcodeName());
          }
        }
        return out;
      }
    };
  }

  private static void subset(List<String> out, String what, Set<String> part, Set<String> whole) {
    Set<String> extra = new TreeSet<>(part);
    extra.removeAll(whole);
    if (!extra.isEmpty()) {
      out.add(what + " of a TC=1 response has RRsets not in the full answer (partial RRset?): " + extra);
    }
  }

  /**
   * RFC 8482 §4.1 lets a responder answer ANY with a subset of the RRsets over any transport;
   * Knot does so over TCP too, while Tandem (issue 2) answers ANY over TCP in full. Knot must give
   * one RRset of the name; Tandem must give exactly every RRset the zone files hold at the name.
   * Rcode, flags, question, authority and OPT stay strict; the additional section follows the
   * RRsets returned, so it is compared only when the answers agree.
   */
  Tolerance ANY_OVER_TCP = new Tolerance() {
    @Override
    public String name() {
      return "RFC 8482 subset vs full";
    }

    @Override
    public List<String> problems(QueryCase q, Normalized knot, Normalized tandem, Oracle oracle) {
      if (knot.answer().equals(tandem.answer())) {
        return knot.diff(tandem, ALL);
      }
      List<String> out = new ArrayList<>(knot.diff(tandem, except(Aspect.ANSWER, Aspect.ADDITIONAL)));
      Set<String> truth = oracle.zoneRrsets(q);
      if (knot.answer().size() != 1 || !truth.containsAll(knot.answer())) {
        out.add("knot: expected one RRset of " + truth + ", got " + knot.answer());
      }
      if (!tandem.answer().equals(truth)) {
        out.add("tandem: ANY over TCP must give every RRset at the name " + truth + ", got " + tandem.answer());
      }
      return out;
    }
  };

  /**
   * Everything strict except one header flag. {@code tandemMust} pins Tandem's value where an
   * RFC decides it (null: either value is fine).
   */
  static Tolerance flag(String why, int flag, Boolean tandemMust) {
    return new Tolerance() {
      @Override
      public String name() {
        return why;
      }

      @Override
      public List<String> problems(QueryCase q, Normalized knot, Normalized tandem, Oracle oracle) {
        List<String> out = new ArrayList<>(knot.diff(tandem, except(Aspect.FLAGS)));
        out.addAll(knot.withoutFlag(flag).diff(tandem.withoutFlag(flag), EnumSet.of(Aspect.FLAGS)));
        if (tandemMust != null && tandem.answered() && tandem.hasFlag(flag) != tandemMust) {
          out.add("tandem: flag " + Flags.string(flag) + " must be " + (tandemMust ? "set" : "clear"));
        }
        return out;
      }
    };
  }

  /**
   * RFC 8914 §3: an Extended DNS Error option (code 15) is informational and optional; Knot adds
   * one to REFUSED answers, Tandem does not. Everything else, the rest of the OPT included, is
   * strict.
   */
  Tolerance EDE_OPTIONAL = new Tolerance() {
    @Override
    public String name() {
      return "EDE optional";
    }

    @Override
    public List<String> problems(QueryCase q, Normalized knot, Normalized tandem, Oracle oracle) {
      return knot.withoutOption(15).diff(tandem.withoutOption(15), ALL);
    }
  };

  /**
   * Both servers must answer with an RCODE from {@code allowed}, QR=1, the query's opcode and ID,
   * and no records in answer/authority. Used where the RFCs leave the error code open or where
   * Tandem deliberately does not implement a feature yet (issue 2: opcodes other than QUERY →
   * NOTIMP; AXFR/IXFR → REFUSED until zone-sync).
   */
  static Tolerance rcodeIn(String why, int... allowed) {
    return rcodeIn(why, false, allowed);
  }

  /** As {@link #rcodeIn(String, int...)}; with {@code silenceOk} either server may also drop it. */
  static Tolerance rcodeIn(String why, boolean silenceOk, int... allowed) {
    String names = Arrays.stream(allowed).mapToObj(Rcode::string).collect(Collectors.joining("|"));
    return new Tolerance() {
      @Override
      public String name() {
        return why + " → " + names + (silenceOk ? "|drop" : "");
      }

      @Override
      public List<String> problems(QueryCase q, Normalized knot, Normalized tandem, Oracle oracle) {
        List<String> out = new ArrayList<>(
            knot.diff(tandem, silenceOk ? EnumSet.of(Aspect.OPCODE) : EnumSet.of(Aspect.ANSWERED, Aspect.OPCODE)));
        for (Normalized n : List.of(knot, tandem)) {
          String who = n == knot ? "knot" : "tandem";
          if (!n.answered()) {
            continue; // silence: compared above via ANSWERED unless silence is allowed
          }
          if (Arrays.stream(allowed).noneMatch(r -> r == n.rcode())) {
            out.add(who + ": rcode " + n.rcodeName() + " not in {" + names + "}");
          }
          if (!n.hasFlag(Flags.QR)) {
            out.add(who + ": QR not set");
          }
          if (!n.answer().isEmpty()) {
            out.add(who + ": answer records in a response to an unserved request: " + n.answer());
          }
          // NODATA/NXDOMAIN carry the SOA (RFC 2308 §3); other error responses carry nothing.
          boolean negative = n.rcode() == Rcode.NOERROR || n.rcode() == Rcode.NXDOMAIN;
          if (!negative && !n.authority().isEmpty()) {
            out.add(who + ": error response carries records: " + n.authority());
          }
        }
        return out;
      }
    };
  }

  /**
   * Everything strict except the given aspects, each with a reason. For differences the RFCs
   * leave open in exactly one aspect.
   */
  static Tolerance ignoring(String why, Aspect... aspects) {
    Set<Aspect> compared = except(aspects);
    return new Tolerance() {
      @Override
      public String name() {
        return why;
      }

      @Override
      public List<String> problems(QueryCase q, Normalized knot, Normalized tandem, Oracle oracle) {
        return knot.diff(tandem, compared);
      }
    };
  }

  private static Set<Aspect> except(Aspect... left) {
    Set<Aspect> s = EnumSet.allOf(Aspect.class);
    s.removeAll(Arrays.asList(left));
    return s;
  }
}
