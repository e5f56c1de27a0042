package io.tandemdns.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.lookup.ZoneSigner.Denial;
import io.tandemdns.zone.RecordSet;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneBuilder;
import io.tandemdns.zone.ZoneRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * Signed zones from dnssec-signzone: every proof the lookup returns is checked independently
 * here (NSEC ranges in canonical order, NSEC3 hashes) and every RRSIG is verified against the
 * zone's DNSKEYs with dnsjava's validator, wildcard expansions included.
 */
class SignedLookupTest {
  static final String ZONE =
      """
      $ORIGIN example.
      $TTL 3600
      @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
      @ IN NS ns1
      ns1 IN A 192.0.2.1
      www IN A 192.0.2.3
      *.wild IN A 192.0.2.7
      a.b.ent IN A 192.0.2.5
      sub IN NS ns.sub
      sub IN DS 12345 13 2 49FD46E6C4B45C55D4AC49FD46E6C4B45C55D4AC49FD46E6C4B45C55D4ACABCD
      ns.sub IN A 192.0.2.6
      insecure IN NS ns.insecure
      ns.insecure IN A 192.0.2.8
      """;
  static final base32 B32 = new base32(base32.Alphabet.BASE32HEX, false, false);

  @TempDir Path dir;

  Zone load(Denial denial) throws Exception {
    Path signed = ZoneSigner.sign(dir, "example.", ZONE, denial);
    ZoneBuilder b = new ZoneBuilder(Name.fromString("example."));
    try (Master m = new Master(Files.newInputStream(signed), Name.fromString("example."))) {
      for (Record r; (r = m.nextRecord()) != null; ) {
        b.add(r);
      }
    }
    return b.build();
  }

  static Answer ask(Zone z, String qname, int qtype) throws Exception {
    return Lookup.resolve(ZoneRegistry.of(List.of(z)), Name.fromString(qname), qtype, false, true);
  }

  static List<Record> ofType(List<RecordSet> sets, int type) {
    List<Record> out = new ArrayList<>();
    sets.stream().filter(s -> s.type() == type).forEach(s -> out.addAll(s.records()));
    return out;
  }

  /** RFC 4034 §4.1 + canonical order: the NSEC covers a name strictly between owner and next. */
  static boolean covers(NSECRecord nsec, Name name, Name apex) {
    Name next = nsec.getNext();
    boolean afterOwner = nsec.getName().compareTo(name) < 0;
    boolean beforeNext = next.equals(apex) || name.compareTo(next) < 0;
    return afterOwner && beforeNext;
  }

  static byte[] hash(Zone z, String name) throws Exception {
    NSEC3PARAMRecord p = (NSEC3PARAMRecord) z.apex().get(Type.NSEC3PARAM).records().get(0);
    return p.hashName(Name.fromString(name));
  }

  static byte[] ownerHash(NSEC3Record r) {
    return B32.fromString(r.getName().getLabelString(0));
  }

  static boolean matches3(NSEC3Record r, byte[] h) {
    return Arrays.equals(ownerHash(r), h);
  }

  /** RFC 5155 §7.2.1: owner hash < h < next hash, or the wrap-around span. */
  static boolean covers3(NSEC3Record r, byte[] h) {
    byte[] owner = ownerHash(r);
    byte[] next = r.getNext();
    if (Arrays.compareUnsigned(owner, next) < 0) {
      return Arrays.compareUnsigned(owner, h) < 0 && Arrays.compareUnsigned(h, next) < 0;
    }
    return Arrays.compareUnsigned(owner, h) < 0 || Arrays.compareUnsigned(h, next) < 0;
  }

  /** Every RRset in the sections verifies against the zone's DNSKEYs (DNSSEC.verify). */
  static void assertSignaturesValid(Zone z, Answer a) throws Exception {
    List<DNSKEYRecord> keys = new ArrayList<>();
    z.apex().get(Type.DNSKEY).records().forEach(r -> keys.add((DNSKEYRecord) r));
    List<RecordSet> all = new ArrayList<>(a.answer());
    all.addAll(a.authority());
    for (RecordSet set : all) {
      if (set.type() == Type.CNAME && set.signatures().isEmpty()) {
        continue; // DNAME-synthesized CNAMEs are unsigned by design (RFC 6672 §5.3.1)
      }
      if (set.type() == Type.NS && !set.name().equals(z.origin())) {
        continue; // delegation NS sets are not authoritative, so not signed (RFC 4035 §2.2)
      }
      assertThat(set.signatures()).as("RRSIG for %s %s", set.name(), Type.string(set.type())).isNotEmpty();
      RRset rrset = new RRset();
      set.records().forEach(rrset::addRR);
      boolean ok = false;
      for (RRSIGRecord sig : set.signatures()) {
        for (DNSKEYRecord key : keys) {
          if (key.getFootprint() != sig.getFootprint()) {
            continue;
          }
          try {
            DNSSEC.verify(rrset, sig, key, Instant.now());
            ok = true;
          } catch (DNSSEC.DNSSECException e) {
            // try the next key/signature
          }
        }
      }
      assertThat(ok).as("valid RRSIG for %s %s", set.name(), Type.string(set.type())).isTrue();
    }
  }

  @Test
  void nsecNxdomainProvesNameAndWildcardAbsent() throws Exception {
    Zone z = load(Denial.NSEC);
    Answer a = ask(z, "nope.example.", Type.A);
    assertThat(a.rcode()).isEqualTo(Rcode.NXDOMAIN);
    List<Record> nsecs = ofType(a.authority(), Type.NSEC);
    Name apex = z.origin();
    assertThat(nsecs).anyMatch(r -> covers((NSECRecord) r, Name.fromConstantString("nope.example."), apex));
    assertThat(nsecs).anyMatch(r -> covers((NSECRecord) r, Name.fromConstantString("*.example."), apex));
    assertSignaturesValid(z, a);
  }

  @Test
  void nsecNodataAndEmptyNonTerminal() throws Exception {
    Zone z = load(Denial.NSEC);
    Answer a = ask(z, "www.example.", Type.AAAA);
    List<Record> nsecs = ofType(a.authority(), Type.NSEC);
    assertThat(nsecs).singleElement().satisfies(r -> {
      assertThat(r.getName()).isEqualTo(Name.fromString("www.example."));
      assertThat(((NSECRecord) r).hasType(Type.AAAA)).isFalse();
    });
    assertSignaturesValid(z, a);

    Answer ent = ask(z, "b.ent.example.", Type.A);
    assertThat(ent.rcode()).isEqualTo(Rcode.NOERROR);
    NSECRecord proof = (NSECRecord) ofType(ent.authority(), Type.NSEC).get(0);
    // The NSEC before the ENT points below it: the ENT exists but owns nothing.
    assertThat(covers(proof, Name.fromString("b.ent.example."), z.origin())).isTrue();
    assertThat(proof.getNext().subdomain(Name.fromString("b.ent.example."))).isTrue();
    assertSignaturesValid(z, ent);
  }

  @Test
  void nsecWildcardAnswerProvesQnameAbsent() throws Exception {
    Zone z = load(Denial.NSEC);
    Answer a = ask(z, "x.wild.example.", Type.A);
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    RRSIGRecord sig = a.answer().get(0).signatures().get(0);
    assertThat(sig.getLabels()).as("RRSIG labels of the wildcard owner").isEqualTo(2);
    assertThat(ofType(a.authority(), Type.NSEC))
        .anyMatch(r -> covers((NSECRecord) r, Name.fromConstantString("x.wild.example."), z.origin()));
    assertSignaturesValid(z, a);

    Answer nodata = ask(z, "x.wild.example.", Type.TXT);
    List<Record> nsecs = ofType(nodata.authority(), Type.NSEC);
    assertThat(nsecs).anyMatch(r -> r.getName().equals(Name.fromConstantString("*.wild.example.")));
    assertThat(nsecs).anyMatch(r -> covers((NSECRecord) r, Name.fromConstantString("x.wild.example."), z.origin()));
  }

  @Test
  void nsecReferralsCarryDsOrItsAbsence() throws Exception {
    Zone z = load(Denial.NSEC);
    Answer signed = ask(z, "www.sub.example.", Type.A);
    assertThat(signed.authoritative()).isFalse();
    assertThat(ofType(signed.authority(), Type.DS)).hasSize(1);
    assertSignaturesValid(z, signed);

    Answer unsigned = ask(z, "www.insecure.example.", Type.A);
    NSECRecord nsec = (NSECRecord) ofType(unsigned.authority(), Type.NSEC).get(0);
    assertThat(nsec.getName()).isEqualTo(Name.fromString("insecure.example."));
    assertThat(nsec.hasType(Type.DS)).isFalse();
    assertThat(nsec.hasType(Type.NS)).isTrue();
  }

  @Test
  void withoutDoNoProofs() throws Exception {
    Zone z = load(Denial.NSEC);
    Answer a = Lookup.resolve(ZoneRegistry.of(List.of(z)), Name.fromString("nope.example."), Type.A, false, false);
    assertThat(ofType(a.authority(), Type.NSEC)).isEmpty();
    assertThat(a.authority()).hasSize(1);
  }

  @Test
  void nsec3NxdomainClosestEncloserProof() throws Exception {
    Zone z = load(Denial.NSEC3);
    Answer a = ask(z, "a.nope.example.", Type.A);
    assertThat(a.rcode()).isEqualTo(Rcode.NXDOMAIN);
    List<Record> n3 = ofType(a.authority(), Type.NSEC3);
    byte[] ce = hash(z, "example.");
    byte[] nextCloser = hash(z, "nope.example.");
    byte[] wildcard = hash(z, "*.example.");
    assertThat(n3).anyMatch(r -> matches3((NSEC3Record) r, ce));
    assertThat(n3).anyMatch(r -> covers3((NSEC3Record) r, nextCloser));
    assertThat(n3).anyMatch(r -> covers3((NSEC3Record) r, wildcard));
    assertSignaturesValid(z, a);
  }

  @Test
  void nsec3NodataIncludingEmptyNonTerminal() throws Exception {
    Zone z = load(Denial.NSEC3);
    Answer a = ask(z, "b.ent.example.", Type.A);
    assertThat(a.rcode()).isEqualTo(Rcode.NOERROR);
    byte[] h = hash(z, "b.ent.example.");
    assertThat(ofType(a.authority(), Type.NSEC3)).singleElement().satisfies(r -> assertThat(matches3((NSEC3Record) r, h)).isTrue());
    assertSignaturesValid(z, a);
  }

  @Test
  void nsec3WildcardAnswerCoversNextCloser() throws Exception {
    Zone z = load(Denial.NSEC3);
    Answer a = ask(z, "x.wild.example.", Type.A);
    byte[] nextCloser = hash(z, "x.wild.example.");
    assertThat(ofType(a.authority(), Type.NSEC3)).anyMatch(r -> covers3((NSEC3Record) r, nextCloser));
    assertSignaturesValid(z, a);
  }

  @Test
  void nsec3HashedOwnersAreNotNames() throws Exception {
    Zone z = load(Denial.NSEC3);
    Record any = z.records().stream().filter(r -> r.getType() == Type.NSEC3).findFirst().orElseThrow();
    Answer a = ask(z, any.getName().toString(), Type.NSEC3);
    assertThat(a.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ofType(a.answer(), Type.NSEC3)).isEmpty();
  }

  @Test
  void nsec3OptOutInsecureDelegation() throws Exception {
    Zone z = load(Denial.NSEC3_OPT_OUT);
    Answer a = ask(z, "www.insecure.example.", Type.A);
    assertThat(a.authoritative()).isFalse();
    List<Record> n3 = ofType(a.authority(), Type.NSEC3);
    // RFC 5155 §7.2.7: closest provable encloser (the apex) matched, next closer covered by an
    // opt-out NSEC3.
    assertThat(n3).anyMatch(r -> { try { return matches3((NSEC3Record) r, hash(z, "example.")); } catch (Exception e) { return false; } });
    assertThat(n3).anyMatch(r -> { try {
      NSEC3Record n = (NSEC3Record) r;
      return covers3(n, hash(z, "insecure.example.")) && (n.getFlags() & NSEC3Record.Flags.OPT_OUT) != 0;
    } catch (Exception e) { return false; } });
    assertSignaturesValid(z, a);
  }
}
