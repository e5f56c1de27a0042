package io.tandemdns.server.dnssec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * An in-test DNSSEC validator for answers from one signed zone, with the zone's DNSKEY RRset as
 * trust anchor: every RRset in answer and authority must carry an RRSIG that verifies
 * (dnsjava {@link DNSSEC#verify}), and negative or synthesized answers must carry the denial
 * proofs a validator needs: RFC 4035 §5.4 for NSEC, RFC 5155 §8 for NSEC3. Returns the problems
 * found, one line each; empty means "secure" (or, for opt-out spans, provably insecure).
 */
final class ResponseValidator {
  private static final base32 B32HEX = new base32(base32.Alphabet.BASE32HEX, false, false);
  private static final Name WILD = Name.fromConstantString("*");

  private final Name origin;
  private final List<DNSKEYRecord> keys;

  ResponseValidator(Name origin, List<DNSKEYRecord> keys) {
    this.origin = origin;
    this.keys = keys;
  }

  /** One RRset of a section: data records and the RRSIGs covering them. */
  private record Set(Name name, int type, List<Record> records, List<RRSIGRecord> sigs) {}

  /** Signatures and proofs: the full validation of a complete (TC=0) response. */
  List<String> validate(Name qname, int qtype, Message m) {
    return validate(qname, qtype, m, true);
  }

  /**
   * @param proofs also check the denial proofs; false for a TC=1 response, which may omit whole
   *     RRsets (the client retries over TCP) but never an RRSIG of an RRset it does carry
   */
  List<String> validate(Name qname, int qtype, Message m, boolean proofs) {
    List<String> problems = new ArrayList<>();
    List<Set> answer = sets(m, Section.ANSWER);
    List<Set> authority = sets(m, Section.AUTHORITY);
    boolean referral = !m.getHeader().getFlag(Flags.AA)
        && authority.stream().anyMatch(s -> s.type() == Type.NS && !s.name().equals(origin));
    for (Set s : answer) {
      if (s.type() == Type.CNAME && s.sigs().isEmpty() && synthesizedFromDname(s, answer)) {
        continue; // RFC 6672 §5.3.1: the synthesized CNAME is unsigned; its DNAME is validated
      }
      verify(s, problems);
    }
    for (Set s : authority) {
      if (s.type() == Type.NS && referral) {
        continue; // RFC 4035 §2.2: the parent does not sign the NS set at a cut
      }
      verify(s, problems);
    }
    if (qtype == Type.RRSIG || !proofs) {
      return problems; // RRSIGs themselves are not signed; nothing to prove
    }
    List<NSECRecord> nsecs = new ArrayList<>();
    List<NSEC3Record> nsec3s = new ArrayList<>();
    for (Set s : authority) {
      s.records().forEach(r -> {
        if (r instanceof NSECRecord n) {
          nsecs.add(n);
        } else if (r instanceof NSEC3Record n) {
          nsec3s.add(n);
        }
      });
    }
    Proofs p = new Proofs(nsecs, nsec3s);

    // RFC 4035 §5.3.4 / RFC 5155 §8.8: an RRset from a wildcard (RRSIG labels < owner labels)
    // needs the proof that its owner does not exist.
    for (Set s : answer) {
      for (RRSIGRecord sig : s.sigs()) {
        // RFC 4034 §3.1.3: the "*" label is not counted, so the wildcard owner itself (asked
        // for literally) has labels = owner labels - 1 without being an expansion.
        int own = s.name().labels() - 1 - (s.name().isWild() ? 1 : 0);
        if (sig.getLabels() < own) {
          Name encloser = new Name(s.name(), s.name().labels() - 1 - sig.getLabels());
          p.require(problems, "wildcard answer " + s.name(), p.wildcardAnswer(s.name(), encloser));
        }
      }
    }
    Name last = chainEnd(qname, qtype, answer);
    boolean answered = answer.stream().anyMatch(s -> s.name().equals(last) && s.type() == qtype);
    if (referral) {
      Set ns = authority.stream().filter(s -> s.type() == Type.NS).findFirst().orElseThrow();
      boolean ds = authority.stream().anyMatch(s -> s.type() == Type.DS && s.name().equals(ns.name()));
      if (!ds) {
        p.require(problems, "no DS at " + ns.name(), p.noDs(ns.name()));
      }
    } else if (m.getRcode() == Rcode.NXDOMAIN) {
      p.require(problems, "NXDOMAIN " + last, p.nxdomain(last));
    } else if (m.getRcode() == Rcode.NOERROR && !answered && last != null) {
      p.require(problems, "NODATA " + last + " " + Type.string(qtype), p.nodata(last, qtype));
    }
    return problems;
  }

  /** The name the CNAME/DNAME chain of the answer ends at, starting from qname. */
  private static Name chainEnd(Name qname, int qtype, List<Set> answer) {
    Name name = qname;
    for (int i = 0; i <= answer.size(); i++) {
      Name current = name;
      if (answer.stream().anyMatch(s -> s.name().equals(current) && s.type() == qtype)) {
        return name;
      }
      Set cname = answer.stream().filter(s -> s.name().equals(current) && s.type() == Type.CNAME)
          .findFirst().orElse(null);
      if (cname == null) {
        return name;
      }
      name = ((CNAMERecord) cname.records().get(0)).getTarget();
    }
    return name;
  }

  private static boolean synthesizedFromDname(Set cname, List<Set> answer) {
    for (Set s : answer) {
      if (s.type() == Type.DNAME && cname.name().subdomain(s.name()) && !cname.name().equals(s.name())) {
        try {
          Name target = cname.name().fromDNAME((DNAMERecord) s.records().get(0));
          return target.equals(((CNAMERecord) cname.records().get(0)).getTarget());
        } catch (NameTooLongException e) {
          return false;
        }
      }
    }
    return false;
  }

  private void verify(Set s, List<String> problems) {
    String what = s.name() + " " + Type.string(s.type());
    if (s.sigs().isEmpty()) {
      problems.add("no RRSIG for " + what);
      return;
    }
    RRset rrset = new RRset();
    s.records().forEach(rrset::addRR);
    List<String> why = new ArrayList<>();
    for (RRSIGRecord sig : s.sigs()) {
      if (!sig.getSigner().equals(origin)) {
        why.add("signer " + sig.getSigner());
        continue;
      }
      for (DNSKEYRecord key : keys) {
        if (key.getFootprint() != sig.getFootprint() || key.getAlgorithm() != sig.getAlgorithm()) {
          continue;
        }
        try {
          DNSSEC.verify(rrset, sig, key, Instant.now());
          return;
        } catch (DNSSEC.DNSSECException e) {
          why.add(e.getMessage());
        }
      }
    }
    problems.add("no valid RRSIG for " + what + ": " + (why.isEmpty() ? "no matching key" : why));
  }

  private static List<Set> sets(Message m, int section) {
    Map<String, Set> byKey = new LinkedHashMap<>();
    List<RRSIGRecord> sigs = new ArrayList<>();
    for (Record r : m.getSection(section)) {
      if (r instanceof RRSIGRecord sig) {
        sigs.add(sig);
        continue;
      }
      byKey.computeIfAbsent(key(r.getName(), r.getType()),
          k -> new Set(r.getName(), r.getType(), new ArrayList<>(), new ArrayList<>())).records().add(r);
    }
    for (RRSIGRecord sig : sigs) {
      Set s = byKey.get(key(sig.getName(), sig.getTypeCovered()));
      if (s != null) {
        s.sigs().add(sig);
      }
    }
    return new ArrayList<>(byKey.values());
  }

  private static String key(Name n, int type) {
    return n.toString().toLowerCase(Locale.ROOT) + "/" + type;
  }

  /** The NSEC/NSEC3 records of the authority section and the proofs they can make. */
  private final class Proofs {
    final List<NSECRecord> nsecs;
    final List<NSEC3Record> nsec3s;

    Proofs(List<NSECRecord> nsecs, List<NSEC3Record> nsec3s) {
      this.nsecs = nsecs;
      this.nsec3s = nsec3s;
    }

    void require(List<String> problems, String what, String failure) {
      if (failure != null) {
        problems.add(what + ": " + failure + " (nsec=" + nsecs.size() + " nsec3=" + nsec3s.size() + ")");
      }
    }

    /** RFC 4035 §5.4 / RFC 5155 §8.4: the name and the wildcard at its closest encloser do not exist. */
    String nxdomain(Name name) {
      if (!nsec3s.isEmpty()) {
        Name ce = closestEncloser(name);
        if (ce == null) {
          return "no closest-encloser proof";
        }
        return covered3(wildcard(ce)) != null ? null : "no NSEC3 covers " + wildcard(ce);
      }
      NSECRecord cover = covering(name);
      if (cover == null) {
        return "no NSEC covers " + name;
      }
      Name ce = nsecEncloser(name, cover);
      return covering(wildcard(ce)) != null ? null : "no NSEC covers the wildcard " + wildcard(ce);
    }

    /** RFC 4035 §5.4 / RFC 5155 §8.5-8.7: the name exists (or a wildcard does) without this type. */
    String nodata(Name name, int qtype) {
      if (!nsec3s.isEmpty()) {
        NSEC3Record match = matching3(name);
        if (match != null) {
          return lacks(match.hasType(qtype), match.hasType(Type.CNAME), "NSEC3 of " + name);
        }
        Name ce = closestEncloser(name);
        if (ce == null) {
          return "no NSEC3 matches " + name + " and no closest-encloser proof";
        }
        NSEC3Record wild = matching3(wildcard(ce));
        if (wild != null) {
          return lacks(wild.hasType(qtype), wild.hasType(Type.CNAME), "NSEC3 of " + wildcard(ce));
        }
        // RFC 5155 §8.6: DS NODATA in an opt-out span: the next closer is covered by opt-out.
        if (qtype == Type.DS && optOutCovers(name, ce)) {
          return null;
        }
        return "no NSEC3 matches " + name + " or " + wildcard(ce);
      }
      for (NSECRecord n : nsecs) {
        if (n.getName().equals(name)) {
          return lacks(n.hasType(qtype), n.hasType(Type.CNAME), "NSEC of " + name);
        }
      }
      NSECRecord cover = covering(name);
      if (cover == null) {
        return "no NSEC at or covering " + name;
      }
      if (cover.getNext().subdomain(name)) {
        return null; // an empty non-terminal: the next name is below it (RFC 4035 §3.1.3.1)
      }
      Name wild = wildcard(nsecEncloser(name, cover));
      for (NSECRecord n : nsecs) {
        if (n.getName().equals(wild)) {
          return lacks(n.hasType(qtype), n.hasType(Type.CNAME), "NSEC of " + wild); // §3.1.3.4
        }
      }
      return "no NSEC proves " + name + " has no " + Type.string(qtype);
    }

    /** RFC 4035 §3.1.3.3 / RFC 5155 §8.8: the name the wildcard expanded to does not exist. */
    String wildcardAnswer(Name owner, Name encloser) {
      if (!nsec3s.isEmpty()) {
        Name nextCloser = new Name(owner, owner.labels() - encloser.labels() - 1);
        return covered3(nextCloser) != null ? null : "no NSEC3 covers next closer " + nextCloser;
      }
      return covering(owner) != null ? null : "no NSEC covers " + owner;
    }

    /** RFC 4035 §5.2 / RFC 5155 §8.9: the delegation has no DS (or sits in an opt-out span). */
    String noDs(Name cut) {
      if (!nsec3s.isEmpty()) {
        NSEC3Record match = matching3(cut);
        if (match != null) {
          return match.hasType(Type.NS) && !match.hasType(Type.DS) && !match.hasType(Type.SOA)
              ? null : "NSEC3 of " + cut + " has wrong types";
        }
        Name ce = closestEncloser(cut);
        return ce != null && optOutCovers(cut, ce) ? null : "no NSEC3 (or opt-out span) for " + cut;
      }
      for (NSECRecord n : nsecs) {
        if (n.getName().equals(cut)) {
          return n.hasType(Type.NS) && !n.hasType(Type.DS) && !n.hasType(Type.SOA)
              ? null : "NSEC of " + cut + " has wrong types";
        }
      }
      return "no NSEC at " + cut;
    }

    private String lacks(boolean hasType, boolean hasCname, String what) {
      return hasType || hasCname ? what + " lists the type (or CNAME)" : null;
    }

    /** NSEC covering: owner < name < next in canonical order, the last one wrapping to the apex. */
    NSECRecord covering(Name name) {
      for (NSECRecord n : nsecs) {
        boolean afterOwner = n.getName().compareTo(name) < 0;
        boolean beforeNext = n.getNext().equals(origin) || name.compareTo(n.getNext()) < 0;
        if (afterOwner && beforeNext) {
          return n;
        }
      }
      return null;
    }

    /** RFC 4035 §5.4: the closest encloser is the longest common ancestor with owner or next. */
    Name nsecEncloser(Name name, NSECRecord cover) {
      Name a = common(name, cover.getName());
      Name b = common(name, cover.getNext());
      return a.labels() >= b.labels() ? a : b;
    }

    private Name common(Name x, Name y) {
      int n = Math.min(x.labels(), y.labels());
      Name result = origin;
      for (int l = origin.labels(); l <= n; l++) {
        Name ax = new Name(x, x.labels() - l);
        if (ax.equals(new Name(y, y.labels() - l))) {
          result = ax;
        } else {
          break;
        }
      }
      return result;
    }

    /** RFC 5155 §8.3: the deepest ancestor with a matching NSEC3 whose next closer is covered. */
    Name closestEncloser(Name name) {
      for (int strip = 1; name.labels() - strip >= origin.labels(); strip++) {
        Name ce = new Name(name, strip);
        if (matching3(ce) != null) {
          Name nextCloser = new Name(name, strip - 1);
          return covered3(nextCloser) != null ? ce : null;
        }
      }
      return null;
    }

    boolean optOutCovers(Name name, Name ce) {
      Name nextCloser = new Name(name, name.labels() - ce.labels() - 1);
      NSEC3Record c = covered3(nextCloser);
      return c != null && (c.getFlags() & NSEC3Record.Flags.OPT_OUT) != 0;
    }

    NSEC3Record matching3(Name name) {
      for (NSEC3Record n : nsec3s) {
        if (Arrays.equals(ownerHash(n), hash(n, name))) {
          return n;
        }
      }
      return null;
    }

    NSEC3Record covered3(Name name) {
      for (NSEC3Record n : nsec3s) {
        byte[] h = hash(n, name);
        byte[] owner = ownerHash(n);
        byte[] next = n.getNext();
        boolean in = Arrays.compareUnsigned(owner, next) < 0
            ? Arrays.compareUnsigned(owner, h) < 0 && Arrays.compareUnsigned(h, next) < 0
            : Arrays.compareUnsigned(owner, h) < 0 || Arrays.compareUnsigned(h, next) < 0;
        if (in) {
          return n;
        }
      }
      return null;
    }

    private byte[] ownerHash(NSEC3Record n) {
      return B32HEX.fromString(n.getName().getLabelString(0).toUpperCase(Locale.ROOT));
    }

    private byte[] hash(NSEC3Record n, Name name) {
      try {
        return n.hashName(name);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static Name wildcard(Name encloser) {
    try {
      return Name.concatenate(WILD, encloser);
    } catch (NameTooLongException e) {
      throw new IllegalStateException(e);
    }
  }
}
