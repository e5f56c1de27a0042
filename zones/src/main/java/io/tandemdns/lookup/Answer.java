package io.tandemdns.lookup;

import io.tandemdns.zone.RecordSet;
import io.tandemdns.zone.Zone;
import java.util.List;

/**
 * The outcome of a lookup: the sections as RRset lists plus what kind of answer it is. No wire
 * bytes; the server encodes (EDNS, truncation) and caches.
 *
 * @param kind the outcome of the last step (the end of a CNAME/DNAME chain)
 * @param rcode the DNS RCODE (RFC 6604: that of the last name in a chain)
 * @param authoritative the AA bit: false for referrals (RFC 1034 §4.3.2 step 3b)
 * @param zone the zone the qname was answered from (its SOA and generation); null when refused
 * @param singleZone true when every step stayed in {@code zone}, so the answer may be cached
 *     under that zone's generation alone
 * @param wildcard the answer was synthesized from a wildcard (RFC 4592)
 */
public record Answer(
    Kind kind,
    int rcode,
    boolean authoritative,
    Zone zone,
    boolean singleZone,
    boolean wildcard,
    List<RecordSet> answer,
    List<RecordSet> authority,
    List<RecordSet> additional) {

  /** What the lookup found, in RFC 1034 §4.3.2 terms. */
  public enum Kind {
    /** The qname owns the qtype (possibly after following CNAME/DNAME). */
    HIT,
    /** The name exists but not with this type (RFC 2308 §2.2). */
    NODATA,
    /** The name does not exist (RFC 2308 §2.1). */
    NXDOMAIN,
    /** The name is at or below a zone cut (RFC 1034 §4.3.2 step 3b). */
    REFERRAL,
    /** A CNAME chain ended outside the served zones, or hit a loop or its length limit. */
    CHAIN_END,
    /** DNAME substitution produced a name too long (RFC 6672 §2.2). */
    YXDOMAIN,
    /** The qname is in no served zone. */
    REFUSED
  }

  public boolean isRefused() {
    return kind == Kind.REFUSED;
  }
}
