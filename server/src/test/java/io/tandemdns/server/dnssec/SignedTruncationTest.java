package io.tandemdns.server.dnssec;

import io.tandemdns.server.diff.TandemTarget;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.diff.DnsClient;
import io.tandemdns.server.diff.QueryCase;
import io.tandemdns.server.diff.QueryCase.Edns;
import io.tandemdns.server.dnssec.SignedZones.Denial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RFC 4035 §3.1.1: a signed answer that does not fit the client's EDNS size is truncated (TC=1)
 * rather than sent with signatures or proofs stripped: what a TC=1 response does carry is whole
 * RRsets with their RRSIGs, and the same question over TCP gives the full, valid answer.
 */
class SignedTruncationTest {
  @TempDir static Path work;
  private static TandemTarget tandem;
  private static Map<Name, Path> zones;

  @BeforeAll
  static void start() throws Exception {
    zones = SignedZones.signAll(Files.createDirectories(work.resolve("zones")));
    tandem = TandemTarget.start(zones);
  }

  @AfterAll
  static void stop() {
    if (tandem != null) {
      tandem.close();
    }
  }

  private static Message ask(String name, int type, boolean tcp, int payload) throws Exception {
    QueryCase q = QueryCase.of(name, type, tcp, new Edns(payload, 0, true, -1));
    byte[] wire = DnsClient.exchange(tandem.address(), DnsClient.encode(q, 4242), tcp);
    assertThat(wire).as("answer to %s", q.label()).isNotNull();
    if (!tcp) {
      assertThat(wire.length).as("UDP answer within the client's EDNS size").isLessThanOrEqualTo(payload);
    }
    return new Message(wire);
  }

  private static ResponseValidator validator(Denial d) throws Exception {
    return new ResponseValidator(d.origin, SignedZones.dnskeys(zones.get(d.origin), d.origin));
  }

  @Test
  void largeSignedRrsetIsTruncatedNotStripped() throws Exception {
    for (Denial d : Denial.values()) {
      Name big = Name.fromString("big", d.origin);
      Message full = ask(big.toString(), Type.TXT, true, 1232);
      assertThat(full.getHeader().getFlag(Flags.TC)).isFalse();
      assertThat(full.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.TXT)).hasSize(12);
      assertThat(validator(d).validate(big, Type.TXT, full)).isEmpty();
      for (int payload : new int[] {512, 600, 1232}) {
        Message m = ask(big.toString(), Type.TXT, false, payload);
        assertThat(m.getHeader().getFlag(Flags.TC)).as("%s at %d: TC", d, payload).isTrue();
        List<Record> answer = m.getSection(Section.ANSWER);
        // Either nothing, or the whole RRset with its signature (RFC 2181 §9, RFC 4035 §3.1.1).
        long txt = answer.stream().filter(r -> r.getType() == Type.TXT).count();
        assertThat(txt).as("%s at %d: whole RRset or none", d, payload).isIn(0L, 12L);
        assertThat(validator(d).validate(big, Type.TXT, m, false)).as("%s at %d", d, payload).isEmpty();
        assertThat(m.getOPT()).as("OPT kept when truncating (RFC 6891 §7)").isNotNull();
      }
    }
  }

  @Test
  void negativeAnswersAreCompleteOrTruncated() throws Exception {
    for (Denial d : Denial.values()) {
      for (String name : List.of("a.nope", "host.wild", "www.insecure")) {
        Name qname = Name.fromString(name, d.origin);
        for (int payload : new int[] {512, 600}) {
          Message m = ask(qname.toString(), name.equals("host.wild") ? Type.MX : Type.A, false, payload);
          int qtype = m.getQuestion().getType();
          if (m.getHeader().getFlag(Flags.TC)) {
            assertThat(validator(d).validate(qname, qtype, m, false)).as("%s %s at %d", d, name, payload).isEmpty();
          } else {
            // Not truncated: then every proof is there (never a reply with proofs left out).
            assertThat(validator(d).validate(qname, qtype, m)).as("%s %s at %d", d, name, payload).isEmpty();
          }
        }
      }
    }
  }
}
