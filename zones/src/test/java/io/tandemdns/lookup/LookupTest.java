package io.tandemdns.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.lookup.Answer.Kind;
import io.tandemdns.zone.RecordSet;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneBuilder;
import io.tandemdns.zone.ZoneRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** One case per RFC 1034 §4.3.2 / RFC 4592 / RFC 6672 / RFC 2308 rule, on small zones. */
class LookupTest {
  static final String EXAMPLE =
      """
      $ORIGIN example.
      $TTL 3600
      @       IN SOA ns1 hostmaster 2024010101 7200 900 1209600 300
      @       IN NS  ns1
      @       IN NS  ns2.other.
      @       IN MX  10 mail
      ns1     IN A   192.0.2.1
      mail    IN A   192.0.2.2
      mail    IN AAAA 2001:db8::2
      www     IN A   192.0.2.3
      www     IN TXT "hello"
      alias   IN CNAME www
      chain1  IN CNAME chain2
      chain2  IN CNAME chain3
      chain3  IN A   192.0.2.4
      loop1   IN CNAME loop2
      loop2   IN CNAME loop1
      out     IN CNAME www.elsewhere.
      dangling IN CNAME nothere
      a.b.c.ent IN A 192.0.2.5
      _sip._udp IN SRV 0 5 5060 mail
      sub     IN NS  ns.sub
      sub     IN NS  ns.other.
      sub     IN DS  12345 8 2 49FD46E6C4B45C55D4AC49FD46E6C4B45C55D4AC49FD46E6C4B45C55D4ACABCD
      ns.sub  IN A   192.0.2.6
      deep.sub IN A  192.0.2.66
      *.wild  IN A   192.0.2.7
      *.wild  IN MX  10 mail
      x.wild  IN TXT "explicit"
      *.wcname IN CNAME www
      dn      IN DNAME target.example.
      target  IN A   192.0.2.8
      www.target IN A 192.0.2.9
      long    IN DNAME aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.
      tochild IN CNAME www.child
      """;

  static final String CHILD =
      """
      $ORIGIN child.example.
      $TTL 600
      @   IN SOA ns1 hostmaster 7 7200 900 1209600 60
      @   IN NS  ns1
      ns1 IN A   192.0.2.20
      www IN A   192.0.2.21
      """;

  static final String PARENT_OF_CHILD_DELEGATION = "child.example. 3600 IN NS ns1.child.example.\n"
      + "child.example. 3600 IN DS 1 8 2 49FD46E6C4B45C55D4AC49FD46E6C4B45C55D4AC49FD46E6C4B45C55D4ACABCD\n"
      + "ns1.child.example. 3600 IN A 192.0.2.20\n";

  static final ZoneRegistry ZONES =
      ZoneRegistry.of(List.of(zone("example.", EXAMPLE + PARENT_OF_CHILD_DELEGATION), zone("child.example.", CHILD)));

  static Zone zone(String origin, String text) {
    try {
      Master m = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Name.fromString(origin));
      ZoneBuilder b = new ZoneBuilder(Name.fromString(origin));
      for (Record r; (r = m.nextRecord()) != null; ) {
        b.add(r);
      }
      return b.build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** qname, qtype, expected kind, rcode, AA, answer / authority / additional as "owner TYPE" lists. */
  record Case(String name, String qname, int qtype, Kind kind, int rcode, boolean aa,
      List<String> answer, List<String> authority, List<String> additional) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, String qname, int qtype, Kind kind, int rcode, boolean aa,
      String answer, String authority, String additional) {
    return new Case(name, qname, qtype, kind, rcode, aa, split(answer), split(authority), split(additional));
  }

  static List<String> split(String s) {
    return s.isEmpty() ? List.of() : List.of(s.split(", "));
  }

  static Stream<Case> cases() {
    int A = Type.A, AAAA = Type.AAAA, MX = Type.MX, TXT = Type.TXT, NS = Type.NS;
    int NOERROR = Rcode.NOERROR, NXDOMAIN = Rcode.NXDOMAIN;
    return Stream.of(
        c("exact A", "www.example.", A, Kind.HIT, NOERROR, true, "www.example. A", "", ""),
        c("exact TXT", "www.example.", TXT, Kind.HIT, NOERROR, true, "www.example. TXT", "", ""),
        c("mixed case qname", "WwW.ExAmPlE.", A, Kind.HIT, NOERROR, true, "www.example. A", "", ""),
        c("apex SOA", "example.", Type.SOA, Kind.HIT, NOERROR, true, "example. SOA", "", ""),
        c("apex NS adds in-zone address only", "example.", NS, Kind.HIT, NOERROR, true, "example. NS", "", "ns1.example. A"),
        c("MX adds A and AAAA of target", "example.", MX, Kind.HIT, NOERROR, true, "example. MX", "", "mail.example. A, mail.example. AAAA"),
        c("SRV adds target address", "_sip._udp.example.", Type.SRV, Kind.HIT, NOERROR, true, "_sip._udp.example. SRV", "", "mail.example. A, mail.example. AAAA"),
        c("NODATA at existing name (RFC 2308 2.2)", "www.example.", AAAA, Kind.NODATA, NOERROR, true, "", "example. SOA", ""),
        c("NXDOMAIN (RFC 2308 2.1)", "nope.example.", A, Kind.NXDOMAIN, NXDOMAIN, true, "", "example. SOA", ""),
        c("empty non-terminal is NODATA, not NXDOMAIN", "c.ent.example.", A, Kind.NODATA, NOERROR, true, "", "example. SOA", ""),
        c("ENT two levels up", "ent.example.", TXT, Kind.NODATA, NOERROR, true, "", "example. SOA", ""),
        c("below ENT leaf that does not exist", "z.a.b.c.ent.example.", A, Kind.NXDOMAIN, NXDOMAIN, true, "", "example. SOA", ""),
        c("CNAME then target", "alias.example.", A, Kind.HIT, NOERROR, true, "alias.example. CNAME, www.example. A", "", ""),
        c("CNAME query returns CNAME only", "alias.example.", Type.CNAME, Kind.HIT, NOERROR, true, "alias.example. CNAME", "", ""),
        c("CNAME chain of three", "chain1.example.", A, Kind.HIT, NOERROR, true, "chain1.example. CNAME, chain2.example. CNAME, chain3.example. A", "", ""),
        c("CNAME chain then NODATA", "chain1.example.", MX, Kind.NODATA, NOERROR, true, "chain1.example. CNAME, chain2.example. CNAME", "example. SOA", ""),
        c("CNAME loop stops", "loop1.example.", A, Kind.CHAIN_END, NOERROR, true, "loop1.example. CNAME, loop2.example. CNAME", "", ""),
        c("CNAME out of served zones stops", "out.example.", A, Kind.CHAIN_END, NOERROR, true, "out.example. CNAME", "", ""),
        c("CNAME to missing name: rcode of last link (RFC 6604)", "dangling.example.", A, Kind.NXDOMAIN, NXDOMAIN, true, "dangling.example. CNAME", "example. SOA", ""),
        c("CNAME into served child zone", "tochild.example.", A, Kind.HIT, NOERROR, true, "tochild.example. CNAME, www.child.example. A", "", ""),
        c("referral at cut", "sub.example.", A, Kind.REFERRAL, NOERROR, false, "", "sub.example. NS", "ns.sub.example. A"),
        c("referral for NS at cut", "sub.example.", NS, Kind.REFERRAL, NOERROR, false, "", "sub.example. NS", "ns.sub.example. A"),
        c("referral below cut, no answer from occluded data", "deep.sub.example.", A, Kind.REFERRAL, NOERROR, false, "", "sub.example. NS", "ns.sub.example. A"),
        c("glue name itself is a referral", "ns.sub.example.", A, Kind.REFERRAL, NOERROR, false, "", "sub.example. NS", "ns.sub.example. A"),
        c("DS at cut answered by parent", "sub.example.", Type.DS, Kind.HIT, NOERROR, true, "sub.example. DS", "", ""),
        c("DS at served child apex answered by parent", "child.example.", Type.DS, Kind.HIT, NOERROR, true, "child.example. DS", "", ""),
        c("child zone answers below its apex", "www.child.example.", A, Kind.HIT, NOERROR, true, "www.child.example. A", "", ""),
        c("child apex NS from child, not a referral", "child.example.", NS, Kind.HIT, NOERROR, true, "child.example. NS", "", "ns1.child.example. A"),
        c("wildcard match (RFC 4592 3.3.1)", "foo.wild.example.", A, Kind.HIT, NOERROR, true, "foo.wild.example. A", "", ""),
        c("wildcard MX adds target", "foo.wild.example.", MX, Kind.HIT, NOERROR, true, "foo.wild.example. MX", "", "mail.example. A, mail.example. AAAA"),
        c("wildcard NODATA", "foo.wild.example.", AAAA, Kind.NODATA, NOERROR, true, "", "example. SOA", ""),
        c("no wildcard match at existing name", "x.wild.example.", A, Kind.NODATA, NOERROR, true, "", "example. SOA", ""),
        c("no wildcard match below existing name", "y.x.wild.example.", A, Kind.NXDOMAIN, NXDOMAIN, true, "", "example. SOA", ""),
        c("wildcard matches several labels", "a.b.wild.example.", A, Kind.HIT, NOERROR, true, "a.b.wild.example. A", "", ""),
        c("literal wildcard owner", "*.wild.example.", A, Kind.HIT, NOERROR, true, "*.wild.example. A", "", ""),
        c("wildcard CNAME followed", "q.wcname.example.", A, Kind.HIT, NOERROR, true, "q.wcname.example. CNAME, www.example. A", "", ""),
        c("wildcard parent itself is ENT", "wild.example.", A, Kind.NODATA, NOERROR, true, "", "example. SOA", ""),
        c("DNAME synthesizes CNAME (RFC 6672 3.2)", "www.dn.example.", A, Kind.HIT, NOERROR, true, "dn.example. DNAME, www.dn.example. CNAME, www.target.example. A", "", ""),
        c("DNAME owner itself is not redirected", "dn.example.", A, Kind.NODATA, NOERROR, true, "", "example. SOA", ""),
        c("DNAME query at owner", "dn.example.", Type.DNAME, Kind.HIT, NOERROR, true, "dn.example. DNAME", "", ""),
        c("DNAME then NXDOMAIN", "zz.dn.example.", A, Kind.NXDOMAIN, NXDOMAIN, true, "dn.example. DNAME, zz.dn.example. CNAME", "example. SOA", ""),
        c("DNAME too long is YXDOMAIN (RFC 6672 2.2)", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.long.example.", A, Kind.YXDOMAIN, Rcode.YXDOMAIN, true, "long.example. DNAME", "", ""),
        c("ANY over TCP: every RRset", "www.example.", Type.ANY, Kind.HIT, NOERROR, true, "www.example. A, www.example. TXT", "", ""),
        c("outside every zone is REFUSED", "www.elsewhere.", A, Kind.REFUSED, Rcode.REFUSED, false, "", "", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersPerRfc(Case c) throws Exception {
    Answer a = Lookup.resolve(ZONES, Name.fromString(c.qname()), c.qtype(), false);
    assertThat(a.kind()).as("kind").isEqualTo(c.kind());
    assertThat(a.rcode()).as("rcode").isEqualTo(c.rcode());
    assertThat(a.authoritative()).as("AA").isEqualTo(c.aa());
    assertThat(names(a.answer())).as("answer").containsExactlyElementsOf(c.answer());
    assertThat(names(a.authority())).as("authority").containsExactlyElementsOf(c.authority());
    assertThat(names(a.additional())).as("additional").containsExactlyInAnyOrderElementsOf(c.additional());
  }

  static List<String> names(List<RecordSet> sets) {
    List<String> out = new ArrayList<>();
    for (RecordSet s : sets) {
      out.add(s.name().toString().toLowerCase() + " " + Type.string(s.type()));
    }
    return out;
  }

  @Test
  void negativeTtlIsMinimumOfSoaTtlAndMinimum() throws Exception {
    Answer a = Lookup.resolve(ZONES, Name.fromString("nope.example."), Type.A, false);
    assertThat(a.authority().get(0).records().get(0).getTTL()).isEqualTo(300);
    Answer child = Lookup.resolve(ZONES, Name.fromString("nope.child.example."), Type.A, false);
    // SOA TTL 600, MINIMUM 60 → 60 (RFC 2308 §3).
    assertThat(child.authority().get(0).records().get(0).getTTL()).isEqualTo(60);
  }

  @Test
  void anyOverUdpIsOneRrset() throws Exception {
    Answer a = Lookup.resolve(ZONES, Name.fromString("www.example."), Type.ANY, true);
    assertThat(a.answer()).hasSize(1);
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void wildcardAnswerOwnerIsQnameAndFlagged() throws Exception {
    Answer a = Lookup.resolve(ZONES, Name.fromString("foo.wild.example."), Type.A, false);
    assertThat(a.wildcard()).isTrue();
    assertThat(a.answer().get(0).records().get(0).getName()).isEqualTo(Name.fromString("foo.wild.example."));
  }

  @Test
  void crossZoneChainIsNotSingleZone() throws Exception {
    assertThat(Lookup.resolve(ZONES, Name.fromString("tochild.example."), Type.A, false).singleZone()).isFalse();
    assertThat(Lookup.resolve(ZONES, Name.fromString("alias.example."), Type.A, false).singleZone()).isTrue();
  }

  @Test
  void synthesizedCnameTargetFromDname() throws Exception {
    Answer a = Lookup.resolve(ZONES, Name.fromString("www.dn.example."), Type.A, false);
    Record cname = a.answer().get(1).records().get(0);
    assertThat(cname.rdataToString()).isEqualTo("www.target.example.");
    assertThat(cname.getTTL()).isEqualTo(3600);
  }
}
