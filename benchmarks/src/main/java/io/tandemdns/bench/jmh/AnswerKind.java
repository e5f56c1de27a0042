package io.tandemdns.bench.jmh;

import io.tandemdns.bench.gen.ZoneGenerator;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** One query per answer kind over a {@link ZoneGenerator} zone, with the response it must get. */
public enum AnswerKind {
  HIT(ZoneGenerator.host(2), Type.A, Rcode.NOERROR, true),
  NXDOMAIN("nx-1", Type.A, Rcode.NXDOMAIN, true),
  NODATA(ZoneGenerator.host(1), Type.AAAA, Rcode.NOERROR, true),
  WILDCARD("x1.wild", Type.A, Rcode.NOERROR, true),
  REFERRAL("www.d-1", Type.A, Rcode.NOERROR, false),
  /** cc-1 → c-N → host: two CNAMEs followed inside the zone (RFC 1034 §4.3.2 step 3a). */
  CNAME_CHAIN("cc-1", Type.A, Rcode.NOERROR, true);

  final String relativeName;
  final int qtype;
  final int rcode;
  final boolean authoritative;

  AnswerKind(String relativeName, int qtype, int rcode, boolean authoritative) {
    this.relativeName = relativeName;
    this.qtype = qtype;
    this.rcode = rcode;
    this.authoritative = authoritative;
  }

  String qname(String origin) {
    return relativeName + "." + origin;
  }
}
