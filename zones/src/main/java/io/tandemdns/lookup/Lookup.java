package io.tandemdns.lookup;

import io.tandemdns.lookup.Answer.Kind;
import io.tandemdns.zone.Node;
import io.tandemdns.zone.RecordSet;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneRegistry;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * The authoritative lookup of RFC 1034 §4.3.2, one step per name of a CNAME/DNAME chain:
 *
 * <pre>
 *  1. Pick the deepest served zone for qname (REFUSED if none; DS goes to the parent side of a
 *     cut, RFC 4035 §3.1.4.1).
 *  2. Find the closest encloser E of qname (empty non-terminals exist as nodes). Node flags,
 *     computed at build time, give the topmost cut C on the path apex..E:
 *     - C is a delegation and qname is below it, or at it with qtype != DS
 *                                         → REFERRAL: NS in authority, glue in additional, AA=0
 *                                           (step 3b)
 *     - C owns a DNAME and qname is below it
 *                                         → DNAME + synthesized CNAME, continue with the new
 *                                           name (RFC 6672 §3.2); too long → YXDOMAIN
 *  3. qname exists (E == qname)           → the RRset (HIT), or its CNAME and continue with the
 *                                           target (step 3a), or NODATA with the SOA
 *  4. E has a wildcard child *.E          → the same as 3 from *.E, owner rewritten to qname
 *                                           (RFC 4592 §3.3.1: no match below existing names,
 *                                           because E is the closest encloser)
 *  5. otherwise                           → NXDOMAIN with the SOA (RFC 2308 §2.1)
 * </pre>
 *
 * Negative answers carry the SOA with TTL min(SOA TTL, MINIMUM) (RFC 2308 §3). A chain is
 * followed into any served zone, stops at a name outside them (the resolver continues), at a
 * loop, or after {@link #MAX_CHAIN} links; the rcode is that of the last link (RFC 6604 §2).
 * Additional-section addresses are added for NS, MX and SRV targets in the same zone.
 */
public final class Lookup {
  /** Longest CNAME/DNAME chain followed (BIND and Knot stop in this range too). */
  public static final int MAX_CHAIN = 12;

  private Lookup() {}

  /**
   * Answers one question from the served zones.
   *
   * @param minimalAny answer ANY with one RRset (RFC 8482 §4.1), as over UDP
   */
  public static Answer resolve(ZoneRegistry zones, Name qname, int qtype, boolean minimalAny) {
    return resolve(zones, qname, qtype, minimalAny, false);
  }

  /**
   * Answers one question; with {@code dnssecOk} (the DO bit, RFC 3225) negative and wildcard
   * answers carry their NSEC/NSEC3 proofs and referrals their DS or its absence (RFC 4035 §3.1).
   * RRSIGs ride on every RecordSet; the encoder writes them when DO is set.
   */
  public static Answer resolve(ZoneRegistry zones, Name qname, int qtype, boolean minimalAny, boolean dnssecOk) {
    return resolve(zones, zones.find(qname, qtype), qname, qtype, minimalAny, dnssecOk);
  }

  /**
   * As {@link #resolve(ZoneRegistry, Name, int, boolean, boolean)} for a caller that has already
   * looked up {@code first = zones.find(qname, qtype)} (the query path does, to tell REFUSED and
   * SERVFAIL apart before the lookup).
   */
  public static Answer resolve(ZoneRegistry zones, Zone first, Name qname, int qtype, boolean minimalAny,
      boolean dnssecOk) {
    if (first == null) {
      return new Answer(Kind.REFUSED, Rcode.REFUSED, false, null, true, false, List.of(), List.of(), List.of());
    }
    Sections s = new Sections(first, dnssecOk);
    Zone zone = first;
    Name name = qname;
    // The names of the chain so far; only a CNAME/DNAME answer needs it (most answers have no
    // chain, and the miss path allocates per query, issue 5).
    List<Name> visited = null;
    for (int link = 0; ; link++) {
      Name next = step(zone, name, qtype, minimalAny, s);
      if (next == null) {
        break;
      }
      if (visited == null) {
        visited = new ArrayList<>(4);
      }
      visited.add(name);
      // RFC 1034 §4.3.2 step 3a: restart at the canonical name while we are authoritative.
      Zone nextZone = zones.find(next, qtype);
      if (nextZone == null || link + 1 >= MAX_CHAIN || visited.contains(next)) {
        s.kind = Kind.CHAIN_END;
        break;
      }
      if (nextZone != zone) {
        s.singleZone = false;
        zone = nextZone;
      }
      name = next;
    }
    return s.toAnswer();
  }

  /** One RFC 1034 §4.3.2 pass for {@code name}; returns the name to continue with, or null. */
  private static Name step(Zone zone, Name name, int qtype, boolean minimalAny, Sections s) {
    Node encloser = zone.closestEncloser(name);
    Node cut = encloser.cut();
    if (cut != null && cut.isDelegation()) {
      boolean parentSideDs = qtype == Type.DS && cut == encloser && cut.name().equals(name);
      if (!parentSideDs) {
        referral(zone, cut, s);
        return null;
      }
      return exact(zone, cut, null, name, Type.DS, false, s);
    }
    if (cut != null && !cut.name().equals(name)) {
      return dname(cut, name, s);
    }
    if (encloser.name().equals(name)) {
      return exact(zone, encloser, null, name, qtype, minimalAny, s);
    }
    Node wildcard = encloser.wildcardChild();
    if (wildcard != null) {
      s.wildcard = true;
      return exact(zone, wildcard, encloser, name, qtype, minimalAny, s);
    }
    s.end(Kind.NXDOMAIN, Rcode.NXDOMAIN);
    s.authority.add(zone.negativeSoa());
    if (s.dnssec) {
      DenialProofs.nxdomain(zone, name, encloser.name(), s.authority);
    }
    return null;
  }

  /**
   * Steps 3 and 4: the node exists, or is the wildcard source of synthesis below the closest
   * encloser {@code wildcardOf} (null for an exact match); owner is the qname.
   */
  private static Name exact(Zone zone, Node node, Node wildcardOf, Name owner, int qtype, boolean minimalAny,
      Sections s) {
    if (qtype == Type.ANY && !node.isEmptyNonTerminal()) {
      any(zone, node, owner, minimalAny, s);
      if (s.kind == Kind.HIT) {
        wildcardProof(zone, wildcardOf, owner, s);
      }
      return null;
    }
    RecordSet set = node.get(qtype);
    if (set != null) {
      s.end(Kind.HIT, Rcode.NOERROR);
      s.answer(zone, set.withOwner(owner));
      wildcardProof(zone, wildcardOf, owner, s);
      return null;
    }
    RecordSet cname = node.get(Type.CNAME);
    if (cname != null) {
      s.answer(zone, cname.withOwner(owner));
      s.end(Kind.HIT, Rcode.NOERROR);
      wildcardProof(zone, wildcardOf, owner, s);
      return ((CNAMERecord) cname.records().get(0)).getTarget();
    }
    // RFC 2308 §2.2: the name exists (possibly as an empty non-terminal) but not this type.
    s.end(Kind.NODATA, Rcode.NOERROR);
    s.authority.add(zone.negativeSoa());
    if (s.dnssec) {
      if (wildcardOf == null) {
        DenialProofs.nodata(zone, node, owner, s.authority);
      } else {
        DenialProofs.wildcardNodata(zone, node, owner, wildcardOf.name(), s.authority);
      }
    }
    return null;
  }

  /** RFC 4035 §3.1.3.3: a synthesized answer proves the qname itself does not exist. */
  private static void wildcardProof(Zone zone, Node wildcardOf, Name owner, Sections s) {
    if (s.dnssec && wildcardOf != null) {
      DenialProofs.wildcardAnswer(zone, owner, wildcardOf.name(), s.authority);
    }
  }

  /** RFC 8482: over UDP one RRset; otherwise every RRset of the node. */
  private static void any(Zone zone, Node node, Name owner, boolean minimalAny, Sections s) {
    s.end(Kind.HIT, Rcode.NOERROR);
    List<RecordSet> sets = new ArrayList<>();
    for (RecordSet set : node.sets()) {
      if (set.type() != Type.RRSIG) {
        sets.add(set);
      }
    }
    if (sets.isEmpty()) {
      // Only signatures here: no data to show.
      s.end(Kind.NODATA, Rcode.NOERROR);
      s.authority.add(zone.negativeSoa());
      return;
    }
    sets.sort((a, b) -> Integer.compare(a.type(), b.type()));
    if (minimalAny) {
      // RFC 8482 §4.1: one RRset is enough; take the lowest type for a stable answer.
      s.answer(zone, sets.get(0).withOwner(owner));
      return;
    }
    for (RecordSet set : sets) {
      s.answer(zone, set.withOwner(owner));
    }
  }

  /** RFC 1034 §4.3.2 step 3b: NS of the cut in authority, addresses of its servers. */
  private static void referral(Zone zone, Node cut, Sections s) {
    s.end(Kind.REFERRAL, Rcode.NOERROR);
    if (s.answer.isEmpty()) {
      // AA describes the first name; after an authoritative CNAME it stays set (RFC 1035 §4.1.1).
      s.authoritative = false;
    }
    RecordSet ns = cut.get(Type.NS);
    s.authority.add(ns);
    if (s.dnssec && zone.isSigned()) {
      // RFC 4035 §3.1.4: DS (signed) after the NS, or the proof that there is none. An
      // unsigned zone has neither to give (Knot and BIND leave the DS out too).
      RecordSet ds = cut.get(Type.DS);
      if (ds != null) {
        s.authority.add(ds);
      } else {
        DenialProofs.noDs(zone, cut, s.authority);
      }
    }
    for (Record r : ns.records()) {
      addAddresses(zone, ((NSRecord) r).getTarget(), true, s);
    }
  }

  /** RFC 6672 §3.2: the DNAME, a CNAME synthesized from it, and the new name to continue with. */
  private static Name dname(Node owner, Name name, Sections s) {
    RecordSet dname = owner.get(Type.DNAME);
    DNAMERecord rec = (DNAMERecord) dname.records().get(0);
    s.answer.add(dname);
    Name target;
    try {
      target = name.fromDNAME(rec);
    } catch (NameTooLongException e) {
      // RFC 6672 §2.2: the substituted name does not fit in 255 octets.
      s.end(Kind.YXDOMAIN, Rcode.YXDOMAIN);
      return null;
    }
    CNAMERecord synthesized = new CNAMERecord(name, DClass.IN, rec.getTTL(), target);
    s.answer.add(new RecordSet(name, Type.CNAME, rec.getTTL(), List.of(synthesized), List.of()));
    s.end(Kind.HIT, Rcode.NOERROR);
    return target;
  }

  /** A/AAAA of a target name held in {@code zone}; glue below a cut only for referrals. */
  static void addAddresses(Zone zone, Name target, boolean glueAllowed, Sections s) {
    if (!zone.contains(target)) {
      return;
    }
    Node node = zone.node(target);
    if (node == null || (node.isOccluded() && !glueAllowed)) {
      return;
    }
    addAdditional(node.get(Type.A), s);
    addAdditional(node.get(Type.AAAA), s);
  }

  private static void addAdditional(RecordSet set, Sections s) {
    if (set != null && !s.additional.contains(set)) {
      s.additional.add(set);
    }
  }

  /** The answer under construction. */
  private static final class Sections {
    final Zone zone;
    final boolean dnssec;
    // Default capacity: no array until the first add, and most answers leave authority and
    // additional empty.
    final List<RecordSet> answer = new ArrayList<>(2);
    final List<RecordSet> authority = new ArrayList<>();
    final List<RecordSet> additional = new ArrayList<>();
    Kind kind = Kind.HIT;
    int rcode = Rcode.NOERROR;
    boolean authoritative = true;
    boolean singleZone = true;
    boolean wildcard;

    Sections(Zone zone, boolean dnssec) {
      this.zone = zone;
      this.dnssec = dnssec;
    }

    void end(Kind k, int rc) {
      kind = k;
      rcode = rc;
    }

    /** Adds an answer RRset and the addresses its targets point at (RFC 1035 §3.3.9, 2782). */
    void answer(Zone from, RecordSet set) {
      answer.add(set);
      for (Record r : set.records()) {
        Name target =
            switch (r.getType()) {
              case Type.NS -> ((NSRecord) r).getTarget();
              case Type.MX -> ((MXRecord) r).getTarget();
              case Type.SRV -> ((SRVRecord) r).getTarget();
              default -> null;
            };
        if (target != null) {
          addAddresses(from, target, false, this);
        }
      }
    }

    Answer toAnswer() {
      return new Answer(
          kind, rcode, authoritative, zone, singleZone, wildcard,
          frozen(answer), frozen(authority), frozen(additional));
    }

    /** List.copyOf without its array copy for an empty section. */
    private static List<RecordSet> frozen(List<RecordSet> section) {
      return section.isEmpty() ? List.of() : List.copyOf(section);
    }
  }
}
