package io.tandemdns.server.rrl;

/**
 * The response classes RRL keeps separate buckets for, as in BIND and Knot. Each class names the
 * "name" part of the bucket key differently, so that responses an attacker can vary freely
 * (random subdomains, wildcard expansions) still share one bucket.
 */
public enum ResponseClass {
  /** A positive answer; keyed by the qname, or the wildcard owner when synthesized (RFC 4592). */
  ANSWER,
  /** A referral; keyed by the delegation point (the NS owner). */
  REFERRAL,
  /** NOERROR with an empty answer (RFC 2308 §2.2); keyed like answers. */
  NODATA,
  /** Name error (RFC 2308 §2.1); keyed by the zone apex, so random-subdomain floods share one bucket. */
  NXDOMAIN,
  /** REFUSED, FORMERR, SERVFAIL, NOTIMP, ...; one bucket per prefix, whatever the name (BIND). */
  ERROR;

  private static final ResponseClass[] VALUES = values();

  public static ResponseClass of(int ordinal) {
    return VALUES[ordinal];
  }
}
