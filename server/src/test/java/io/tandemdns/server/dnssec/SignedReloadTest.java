package io.tandemdns.server.dnssec;

import io.tandemdns.server.diff.TandemTarget;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.ReloadReport;
import io.tandemdns.server.diff.DnsClient;
import io.tandemdns.server.diff.QueryCase;
import io.tandemdns.server.diff.QueryCase.Edns;
import io.tandemdns.server.dnssec.SignedZones.Denial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A re-signed zone (same keys, new signatures, serial bumped) swapped in by a reload is served
 * with its new RRSIGs right away, over UDP and TCP, positive and negative answers: the response
 * cache (keyed on the zone generation and DO) never hands out the old signatures. Stands in for
 * an IXFR of a re-signed zone until zone sync is wired into the server.
 */
class SignedReloadTest {
  @TempDir Path work;

  private static Message ask(TandemTarget t, String name, int type, boolean tcp) throws Exception {
    QueryCase q = QueryCase.of(name, type, tcp, new Edns(1232, 0, true, -1));
    return new Message(DnsClient.exchange(t.address(), DnsClient.encode(q, 777), tcp));
  }

  /** The RRSIGs in a section of an answer, as text (the signature bytes included). */
  private static List<String> sigs(Message m, int section) {
    return m.getSection(section).stream().filter(r -> r instanceof RRSIGRecord).map(Record::rdataToString).sorted().toList();
  }

  private static long serial(Message m) {
    return m.getSection(Section.AUTHORITY).stream().filter(r -> r instanceof SOARecord)
        .mapToLong(r -> ((SOARecord) r).getSerial()).findFirst().orElse(-1);
  }

  @Test
  void reloadServesNewSignaturesImmediately() throws Exception {
    Denial d = Denial.NSEC3;
    Path keys = work.resolve("keys");
    SignedZones.keygen(keys, d.origin);
    Path served = work.resolve("served.zone");
    Instant firstInception = Instant.now().minusSeconds(7200);
    SignedZones.sign(keys, d, SignedZones.text(d.origin, 1), firstInception, served);
    String www = "www." + d.origin;
    String nope = "nope." + d.origin;
    try (TandemTarget t = TandemTarget.start(Map.of(d.origin, served))) {
      ResponseValidator v = new ResponseValidator(d.origin, SignedZones.dnskeys(served, d.origin));
      // Twice each, so the answers are in the response cache before the swap.
      Message before = ask(t, www, Type.A, false);
      assertThat(sigs(ask(t, www, Type.A, false), Section.ANSWER)).isEqualTo(sigs(before, Section.ANSWER));
      Message negBefore = ask(t, nope, Type.A, false);
      ask(t, nope, Type.A, true);
      assertThat(serial(negBefore)).isEqualTo(1);

      // The primary re-signs: same keys, later inception, new serial; the file is replaced atomically.
      Path next = work.resolve("next.zone");
      SignedZones.sign(keys, d, SignedZones.text(d.origin, 2), firstInception.plusSeconds(3600), next);
      Files.move(next, served, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      ReloadReport report = t.server.reload();
      assertThat(report.ok()).as("%s", report).isTrue();

      Name wwwName = Name.fromString(www);
      List<String> expected = SignedZones.read(served, d.origin).stream()
          .filter(r -> r instanceof RRSIGRecord s && r.getName().equals(wwwName)
              && s.getTypeCovered() == Type.A)
          .map(Record::rdataToString).toList();
      for (boolean tcp : new boolean[] {false, true}) {
        Message after = ask(t, www, Type.A, tcp);
        assertThat(sigs(after, Section.ANSWER)).as("tcp=%s", tcp).isEqualTo(expected)
            .doesNotContainAnyElementsOf(sigs(before, Section.ANSWER));
        assertThat(v.validate(Name.fromString(www), Type.A, after)).isEmpty();
        Message negAfter = ask(t, nope, Type.A, tcp);
        assertThat(serial(negAfter)).isEqualTo(2);
        assertThat(sigs(negAfter, Section.AUTHORITY)).doesNotContainAnyElementsOf(sigs(negBefore, Section.AUTHORITY));
        assertThat(v.validate(Name.fromString(nope), Type.A, negAfter)).isEmpty();
      }
    }
  }
}
