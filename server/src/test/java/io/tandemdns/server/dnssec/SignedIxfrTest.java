package io.tandemdns.server.dnssec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.TandemServer;
import io.tandemdns.server.diff.DnsClient;
import io.tandemdns.server.diff.QueryCase;
import io.tandemdns.server.diff.QueryCase.Edns;
import io.tandemdns.server.dnssec.SignedZones.Denial;
import io.tandemdns.server.sync.KnotPeer;
import io.tandemdns.server.sync.SyncTestSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Issue 7: a signed zone Tandem receives from a real Knot primary by IXFR after the primary
 * re-signed it (same keys, new signatures, serial + 1) is served with the new signatures right
 * after the swap; nothing cached from the old version (answers warmed with DO before) is handed
 * out. Knot serves the pre-signed file as it is (no signing configured) and, with
 * {@code zonefile-load: difference}, turns the replaced file into a journal changeset, so it
 * offers IXFR and NOTIFYs Tandem.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SignedIxfrTest {
  private static final String KEY = "xfr-key.";
  private static final String SECRET = "c2VjcmV0LWtleS1mb3ItdGFuZGVtLXRlc3RzLTAxMjM0NTY3ODk=";
  private static final InetAddress LO = InetAddress.getLoopbackAddress();
  private static final Denial DENIAL = Denial.NSEC3;
  private static final Name ORIGIN = DENIAL.origin;

  @TempDir Path work;

  /** Queries answered before and after the swap: positive, apex, NXDOMAIN, NODATA, wildcard. */
  private static final List<Object[]> QUERIES = List.of(
      new Object[] {"www", Type.A}, new Object[] {"@", Type.SOA}, new Object[] {"@", Type.DNSKEY},
      new Object[] {"@", Type.NS}, new Object[] {"nope", Type.A}, new Object[] {"www", Type.TXT},
      new Object[] {"alias", Type.A});

  private static Name name(String label) {
    return label.equals("@") ? ORIGIN : Name.fromConstantString(label + "." + ORIGIN);
  }

  private static Message ask(InetSocketAddress server, Name qname, int type, boolean tcp) throws IOException {
    QueryCase q = QueryCase.of(qname.toString(), type, tcp, new Edns(1232, 0, true, -1));
    return new Message(DnsClient.exchange(server, DnsClient.encode(q, 4242), tcp));
  }

  /** Every RRSIG of a response, as RDATA text (covered type, inception, signature bytes). */
  private static Set<String> sigs(Message m) {
    Set<String> out = new TreeSet<>();
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      for (Record r : m.getSection(section)) {
        if (r instanceof RRSIGRecord) {
          out.add(sigText(r));
        }
      }
    }
    return out;
  }

  /** Owner (case-folded: the signer writes NSEC3 owners upper case) and RDATA text. */
  private static String sigText(Record r) {
    return r.getName().toString().toLowerCase(java.util.Locale.ROOT) + " " + r.rdataToString();
  }

  /** Every RRSIG of a signed file, in the same text form. */
  private static Set<String> sigs(Path file) throws IOException {
    Set<String> out = new TreeSet<>();
    for (Record r : SignedZones.read(file, ORIGIN)) {
      if (r instanceof RRSIGRecord) {
        out.add(sigText(r));
      }
    }
    return out;
  }

  private static Long serial(InetSocketAddress server) {
    try {
      Message m = ask(server, ORIGIN, Type.SOA, false);
      if (m.getRcode() != Rcode.NOERROR) {
        return null;
      }
      return m.getSection(Section.ANSWER).stream().filter(r -> r instanceof SOARecord)
          .map(r -> ((SOARecord) r).getSerial()).findFirst().orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  @Test
  void ixfrOfAReSignedZoneServesOnlyTheNewSignatures() throws Exception {
    SyncTestSupport.require("/usr/sbin/knotd");
    SyncTestSupport.require("/usr/sbin/knotc");
    Path keys = work.resolve("keys");
    SignedZones.keygen(keys, ORIGIN);
    Instant firstInception = Instant.now().minusSeconds(7200);
    Path v1 = SignedZones.sign(keys, DENIAL, SignedZones.text(ORIGIN, 1), firstInception, work.resolve("v1.zone"));
    Path v2 = SignedZones.sign(keys, DENIAL, SignedZones.text(ORIGIN, 2), firstInception.plusSeconds(3600),
        work.resolve("v2.zone"));
    Set<String> oldSigs = sigs(v1);
    Set<String> newSigs = sigs(v2);
    assertThat(newSigs).as("the re-sign changed every signature").doesNotContainAnyElementsOf(oldSigs);

    int tPort = SyncTestSupport.freePort();
    InetSocketAddress tandemAddress = new InetSocketAddress(LO, tPort);
    try (KnotPeer knot = KnotPeer.filePrimary(work.resolve("knot"), ORIGIN, v1, KEY, SECRET, tPort);
        TandemServer tandem = startSecondary(work.resolve("t"), tPort, knot.port)) {
      SyncTestSupport.await("Tandem serving serial 1", 20, () -> Long.valueOf(1).equals(serial(tandemAddress)));
      ResponseValidator validator = new ResponseValidator(ORIGIN, SignedZones.dnskeys(v2, ORIGIN));

      // Warm the response cache with the old signatures (each twice, UDP and TCP).
      for (Object[] q : QUERIES) {
        for (boolean tcp : new boolean[] {false, true}) {
          Message first = ask(tandemAddress, name((String) q[0]), (int) q[1], tcp);
          Message second = ask(tandemAddress, name((String) q[0]), (int) q[1], tcp);
          assertThat(sigs(second)).isEqualTo(sigs(first));
          assertThat(sigs(first)).as("%s/%s before", q[0], Type.string((int) q[1])).isNotEmpty()
              .isSubsetOf(oldSigs);
        }
      }
      long ixfrBefore = tandem.sync().incrementalTransfers();

      // The primary re-signs: its zone file is replaced and reloaded as a difference, which it
      // journals and announces by NOTIFY.
      Files.copy(v2, knot.dir.resolve("zone.tmp"), StandardCopyOption.REPLACE_EXISTING);
      Files.move(knot.dir.resolve("zone.tmp"), knot.zoneFile(), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      knot.knotc("zone-reload", ORIGIN.toString());
      SyncTestSupport.await("Tandem serving serial 2", 20, () -> Long.valueOf(2).equals(serial(tandemAddress)));

      assertThat(tandem.sync().incrementalTransfers() - ixfrBefore).as("the change came by IXFR").isEqualTo(1);
      SyncTestSupport.await("Knot logged the outgoing IXFR", 5, () -> knot.log().contains("IXFR, outgoing"));

      for (Object[] q : QUERIES) {
        Name qname = name((String) q[0]);
        int qtype = (int) q[1];
        for (boolean tcp : new boolean[] {false, true}) {
          Message after = ask(tandemAddress, qname, qtype, tcp);
          String what = q[0] + "/" + Type.string(qtype) + " tcp=" + tcp;
          assertThat(sigs(after)).as(what).isNotEmpty().isSubsetOf(newSigs).doesNotContainAnyElementsOf(oldSigs);
          assertThat(validator.validate(qname, qtype, after)).as(what).isEmpty();
        }
      }
      // The expected RRSIG set of www A is exactly the new file's.
      Name www = name("www");
      Set<String> expected = new TreeSet<>();
      for (Record r : SignedZones.read(v2, ORIGIN)) {
        if (r instanceof RRSIGRecord s && r.getName().equals(www) && s.getTypeCovered() == Type.A) {
          expected.add(sigText(r));
        }
      }
      Message wwwA = ask(tandemAddress, www, Type.A, false);
      Set<String> answerSigs = new TreeSet<>();
      wwwA.getSection(Section.ANSWER).stream().filter(r -> r instanceof RRSIGRecord)
          .forEach(r -> answerSigs.add(sigText(r)));
      assertThat(answerSigs).isEqualTo(expected);
    }
  }

  private static TandemServer startSecondary(Path dir, int port, int primaryPort) throws Exception {
    return SyncTestSupport.startTandem(dir, "listen: [\"127.0.0.1:" + port + "\"]\nstate-dir: state\n"
        + "keys:\n  - name: " + KEY + "\n    algorithm: hmac-sha256\n    secret: " + SECRET + "\n"
        + "zones:\n  - name: " + ORIGIN + "\n    role: secondary\n"
        + "    primaries: [ {address: \"127.0.0.1:" + primaryPort + "\", key: " + KEY + "} ]\n");
  }
}
