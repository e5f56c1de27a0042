package io.tandemdns.server.query;

import static io.tandemdns.server.query.QueryHarness.query;
import static io.tandemdns.server.query.QueryHarness.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.zone.Zone;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** RRSIGs follow the DO bit (RFC 3225 §3, RFC 4035 §3.1.1). */
class DnssecTest {
  private static final String SIG = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/QA==";

  static Zone signedZone() {
    return QueryHarness.zone(
        "example.com.",
        "@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300",
        "@ 3600 RRSIG SOA 13 2 3600 20300101000000 20200101000000 4711 example.com. " + SIG,
        "@ 3600 NS ns1",
        "@ 3600 RRSIG NS 13 2 3600 20300101000000 20200101000000 4711 example.com. " + SIG,
        "ns1 3600 A 192.0.2.53",
        "ns1 3600 RRSIG A 13 3 3600 20300101000000 20200101000000 4711 example.com. " + SIG,
        "www 3600 A 192.0.2.1",
        "www 3600 RRSIG A 13 3 3600 20300101000000 20200101000000 4711 example.com. " + SIG);
  }

  private final QueryHarness h = new QueryHarness(QuerySettings.defaults(), signedZone());

  private static List<Record> sigs(Message r, int section) {
    return r.getSection(section).stream().filter(x -> x instanceof RRSIGRecord).toList();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void doBringsSignaturesAndIsEchoed(Transport t) {
    Message r = h.send(withEdns(query("www.example.com.", Type.A), 1232, 0, true), t);
    assertThat(r.getSection(Section.ANSWER)).hasSize(2);
    assertThat(sigs(r, Section.ANSWER)).singleElement()
        .satisfies(s -> assertThat(((RRSIGRecord) s).getTypeCovered()).isEqualTo(Type.A));
    assertThat(r.getOPT().getFlags() & Flags.DO).isEqualTo(Flags.DO);

    Message negative = h.send(withEdns(query("nope.example.com.", Type.A), 1232, 0, true), t);
    assertThat(sigs(negative, Section.AUTHORITY)).isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void noSignaturesWithoutDo(Transport t) {
    Message plain = h.send(query("www.example.com.", Type.A), t);
    Message ednsNoDo = h.send(withEdns(query("www.example.com.", Type.A), 1232, 0, false), t);
    Message negative = h.send(withEdns(query("nope.example.com.", Type.A), 1232, 0, false), t);
    for (Message r : List.of(plain, ednsNoDo, negative)) {
      for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
        assertThat(sigs(r, section)).isEmpty();
      }
    }
    assertThat(plain.getSection(Section.ANSWER)).hasSize(1);
    assertThat(ednsNoDo.getOPT().getFlags() & Flags.DO).isZero();
  }

  @Test
  void explicitRrsigQueryAnswersWithoutDo() {
    Message r = h.udp(query("www.example.com.", Type.RRSIG));
    assertThat(sigs(r, Section.ANSWER)).isNotEmpty();
  }

  @Test
  void cachedAnswersDoNotMixDoAndNoDo() {
    h.udp(withEdns(query("www.example.com.", Type.A), 1232, 0, true));
    Message noDo = h.udp(withEdns(query("www.example.com.", Type.A), 1232, 0, false));
    assertThat(sigs(noDo, Section.ANSWER)).isEmpty();
    Message withDo = h.udp(withEdns(query("www.example.com.", Type.A), 1232, 0, true));
    assertThat(sigs(withDo, Section.ANSWER)).hasSize(1);
  }
}
