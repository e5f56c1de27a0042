package io.tandemdns.lookup;

import io.tandemdns.zone.DenialChain;
import io.tandemdns.zone.Node;
import io.tandemdns.zone.Nsec3Chain;
import io.tandemdns.zone.NsecChain;
import io.tandemdns.zone.RecordSet;
import io.tandemdns.zone.Zone;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Type;

/**
 * The NSEC/NSEC3 records that prove a negative or synthesized answer, for clients that set DO.
 * One method per answer kind of RFC 4035 §3.1.3 (NSEC) and RFC 5155 §7.2 (NSEC3). Each adds
 * to {@code out} (the authority section) once, with the RRSIGs riding on the RecordSet.
 */
final class DenialProofs {
  private static final Name WILDCARD = Name.fromConstantString("*");

  private DenialProofs() {}

  /** NXDOMAIN: RFC 4035 §3.1.3.2 / RFC 5155 §7.2.2. */
  static void nxdomain(Zone zone, Name qname, Name encloser, List<RecordSet> out) {
    DenialChain chain = zone.denial();
    if (chain instanceof NsecChain nsec) {
      add(out, nsec.covering(qname));
      Name wild = wildcard(encloser);
      if (wild != null) {
        add(out, nsec.covering(wild));
      }
    } else if (chain instanceof Nsec3Chain nsec3) {
      closestEncloserProof(nsec3, qname, encloser, out);
      Name wild = wildcard(encloser);
      if (wild != null) {
        add(out, nsec3.covering(wild));
      }
    }
  }

  /** NODATA at an existing name: RFC 4035 §3.1.3.1 / RFC 5155 §7.2.3 and §7.2.4. */
  static void nodata(Zone zone, Node node, Name qname, List<RecordSet> out) {
    DenialChain chain = zone.denial();
    if (chain instanceof NsecChain nsec) {
      RecordSet at = node.get(Type.NSEC);
      // An empty non-terminal owns no NSEC: the one before it, whose next name is below it,
      // shows there is nothing at the name itself.
      add(out, at != null ? at : nsec.covering(qname));
    } else if (chain instanceof Nsec3Chain nsec3) {
      RecordSet match = nsec3.matching(qname);
      if (match != null) {
        add(out, match);
      } else {
        // §7.2.4: no NSEC3 for the name (an opt-out span): closest provable encloser proof.
        provableEncloserProof(zone, nsec3, qname, out);
      }
    }
  }

  /** Positive answer synthesized from a wildcard: RFC 4035 §3.1.3.3 / RFC 5155 §7.2.6. */
  static void wildcardAnswer(Zone zone, Name qname, Name encloser, List<RecordSet> out) {
    DenialChain chain = zone.denial();
    if (chain instanceof NsecChain nsec) {
      add(out, nsec.covering(qname));
    } else if (chain instanceof Nsec3Chain nsec3) {
      add(out, nsec3.covering(nextCloser(qname, encloser)));
    }
  }

  /** NODATA synthesized from a wildcard: RFC 4035 §3.1.3.4 / RFC 5155 §7.2.5. */
  static void wildcardNodata(Zone zone, Node wildcard, Name qname, Name encloser, List<RecordSet> out) {
    DenialChain chain = zone.denial();
    if (chain instanceof NsecChain nsec) {
      add(out, nsec.covering(qname));
      add(out, wildcard.get(Type.NSEC));
    } else if (chain instanceof Nsec3Chain nsec3) {
      closestEncloserProof(nsec3, qname, encloser, out);
      add(out, nsec3.matching(wildcard.name()));
    }
  }

  /** Referral to an unsigned delegation: no DS (RFC 4035 §3.1.4, RFC 5155 §7.2.7). */
  static void noDs(Zone zone, Node cut, List<RecordSet> out) {
    DenialChain chain = zone.denial();
    if (chain instanceof NsecChain) {
      add(out, cut.get(Type.NSEC));
    } else if (chain instanceof Nsec3Chain nsec3) {
      RecordSet match = nsec3.matching(cut.name());
      if (match != null) {
        add(out, match);
      } else {
        provableEncloserProof(zone, nsec3, cut.name(), out);
      }
    }
  }

  /** RFC 5155 §7.2.1: the NSEC3 matching the closest encloser and the one covering the next closer. */
  private static void closestEncloserProof(Nsec3Chain chain, Name qname, Name encloser, List<RecordSet> out) {
    add(out, chain.matching(encloser));
    if (!encloser.equals(qname)) {
      add(out, chain.covering(nextCloser(qname, encloser)));
    }
  }

  /**
   * RFC 5155 §7.2.4/§7.2.7 with opt-out: the deepest ancestor with a matching NSEC3 (the
   * closest provable encloser) and the opt-out NSEC3 covering the name below it on the way.
   */
  private static void provableEncloserProof(Zone zone, Nsec3Chain chain, Name name, List<RecordSet> out) {
    for (int strip = 1; name.labels() - strip >= zone.origin().labels(); strip++) {
      Name ancestor = new Name(name, strip);
      RecordSet match = chain.matching(ancestor);
      if (match != null) {
        add(out, match);
        add(out, chain.covering(nextCloser(name, ancestor)));
        return;
      }
    }
  }

  /** The ancestor of qname one label longer than the encloser (RFC 5155 §1.3 next closer name). */
  static Name nextCloser(Name qname, Name encloser) {
    return new Name(qname, qname.labels() - encloser.labels() - 1);
  }

  private static Name wildcard(Name encloser) {
    try {
      return Name.concatenate(WILDCARD, encloser);
    } catch (NameTooLongException e) {
      return null;
    }
  }

  private static void add(List<RecordSet> out, RecordSet set) {
    if (set != null && !out.contains(set)) {
      out.add(set);
    }
  }
}
