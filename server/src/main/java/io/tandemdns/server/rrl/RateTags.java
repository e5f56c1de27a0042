package io.tandemdns.server.rrl;

import io.tandemdns.lookup.Answer;
import io.tandemdns.zone.Node;
import io.tandemdns.zone.RecordSet;
import io.tandemdns.zone.Zone;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Classifies a lookup answer for RRL and names its bucket, computed once per encoded response (on a
 * cache miss) and stored with the cached bytes.
 *
 * <p>Names, as BIND documents them: the qname for answers and NODATA; the delegation point for
 * referrals; the zone apex for NXDOMAIN (so every random subdomain of a zone shares one bucket);
 * the wildcard owner ({@code *.parent}) for answers synthesized from a wildcard, so an attacker
 * cannot spread a flood over endless names a wildcard matches.
 */
public final class RateTags {
  private RateTags() {}

  public static ResponseClass classOf(Answer a) {
    if (a.rcode() == Rcode.NXDOMAIN) {
      return ResponseClass.NXDOMAIN;
    }
    if (a.rcode() != Rcode.NOERROR) {
      return ResponseClass.ERROR;
    }
    return switch (a.kind()) {
      case REFERRAL -> ResponseClass.REFERRAL;
      case NODATA -> ResponseClass.NODATA;
      default -> a.answer().isEmpty() ? ResponseClass.NODATA : ResponseClass.ANSWER;
    };
  }

  /**
   * @param lowerQname the qname in lower-case uncompressed wire form
   * @param qname the same name
   */
  public static long nameOf(Answer a, ResponseClass cls, Zone zone, Name qname, byte[] lowerQname) {
    switch (cls) {
      case ERROR:
        return 0;
      case NXDOMAIN:
        return hash(a.zone() != null ? a.zone().origin() : zone.origin());
      case REFERRAL:
        for (RecordSet set : a.authority()) {
          if (set.type() == Type.NS) {
            return hash(set.name());
          }
        }
        return RateLimiter.nameHash(lowerQname);
      default:
        if (a.wildcard()) {
          Name owner = wildcardOwner(zone, qname);
          if (owner != null) {
            return hash(owner);
          }
        }
        return RateLimiter.nameHash(lowerQname);
    }
  }

  /** The wildcard {@code *.<closest encloser>} that answered {@code qname}, or null if there is none. */
  static Name wildcardOwner(Zone zone, Name qname) {
    Node encloser = zone.closestEncloser(qname);
    if (encloser == null) {
      return null;
    }
    Node wildcard = encloser.wildcardChild();
    return wildcard == null ? null : wildcard.name();
  }

  private static long hash(Name name) {
    return RateLimiter.nameHash(name.toWireCanonical());
  }
}
