package io.tandemdns.server.query;

import static io.tandemdns.server.query.QueryHarness.query;
import static io.tandemdns.server.query.QueryHarness.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.zone.Zone;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** UDP size limits (RFC 1035 §4.2.1, RFC 6891 §6.2.5) and truncation (RFC 2181 §9). */
class TruncationTest {
  /** TXT RRsets of 60-character records: 30 (about 2.2 KB), 12 (about 900 bytes), 5 (about 400). */
  static Zone bigZone() {
    List<String> rr = new ArrayList<>(List.of(
        "@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300",
        "@ 3600 NS ns1",
        "ns1 3600 A 192.0.2.53"));
    String text = "x".repeat(60);
    for (int i = 0; i < 30; i++) {
      rr.add("big 3600 TXT \"" + i + text + "\"");
    }
    for (int i = 0; i < 5; i++) {
      rr.add("five 3600 TXT \"" + i + text + "\"");
    }
    for (int i = 0; i < 12; i++) {
      rr.add("mid 3600 TXT \"" + i + text + "\"");
    }
    // Eight mail exchangers, each with four addresses: the MX RRset fits in 512 bytes, the
    // additional addresses do not.
    for (int i = 1; i <= 8; i++) {
      rr.add("@ 3600 MX " + i + " mx" + i);
      for (int j = 1; j <= 4; j++) {
        rr.add("mx" + i + " 3600 AAAA 2001:db8::" + i + ":" + j);
      }
    }
    // A delegation whose glue (in-domain, RFC 9471) does not fit in 512 bytes.
    for (int i = 1; i <= 8; i++) {
      rr.add("sub 3600 NS ns" + i + ".sub");
      for (int j = 1; j <= 4; j++) {
        rr.add("ns" + i + ".sub 3600 AAAA 2001:db8:5::" + i + ":" + j);
      }
    }
    return QueryHarness.zone("example.com.", rr.toArray(String[]::new));
  }

  private final QueryHarness h = new QueryHarness(QuerySettings.defaults(), bigZone());

  @ParameterizedTest(name = "{0} {1} with EDNS payload {2}")
  @CsvSource({
    // name, transport, client payload (0 = no EDNS), expected size limit, TC expected
    "big, UDP, 0, 512, true",
    "big, UDP, 1000, 1000, true",
    "big, UDP, 4096, 1232, true",
    "big, UDP, 100, 512, true",
    "big, TCP, 0, 65535, false",
    "big, TCP, 1000, 65535, false",
    "mid, UDP, 0, 512, true",
    "mid, UDP, 1232, 1232, false",
    "mid, UDP, 1000, 1000, false",
  })
  void truncatesToTheClientsLimit(String name, Transport t, int payload, int limit, boolean tc) {
    Message q = query(name + ".example.com.", Type.TXT);
    if (payload > 0) {
      withEdns(q, payload, 0, false);
    }
    byte[] raw = h.raw(q.toWire(), t);
    Message r = QueryHarness.parse(raw);
    int all = name.equals("big") ? 30 : 12;
    assertThat(raw.length).isLessThanOrEqualTo(limit);
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(r.getHeader().getFlag(Flags.TC)).isEqualTo(tc);
    // RFC 2181 §9: whole RRsets only; here the one RRset is dropped entirely.
    assertThat(r.getSection(Section.ANSWER)).hasSize(tc ? 0 : all);
    // RFC 6891 §7: a truncated response still carries the OPT.
    assertThat(r.getOPT() != null).isEqualTo(payload > 0);
    if (tc) {
      assertThat(r.getQuestion()).isEqualTo(q.getQuestion());
    }
  }

  @Test
  void droppingAdditionalRecordsDoesNotSetTc() {
    Message q = query("example.com.", Type.MX);
    Message udp = h.udp(q);
    assertThat(udp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(udp.getSection(Section.ANSWER)).hasSize(8);
    List<Record> udpAdditional = udp.getSection(Section.ADDITIONAL);

    Message tcp = h.tcp(q);
    assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(tcp.getSection(Section.ANSWER)).hasSize(8);
    assertThat(tcp.getSection(Section.ADDITIONAL)).hasSize(32);
    assertThat(udpAdditional).hasSizeLessThan(32);
    // Whole RRsets: every owner in the UDP additional section keeps all four addresses.
    assertThat(udpAdditional.size() % 4).isZero();
  }

  @Test
  void referralThatLosesGlueIsTruncated() {
    Message q = query("www.sub.example.com.", Type.A);
    Message udp = h.udp(q);
    assertThat(udp.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(udp.getSection(Section.AUTHORITY)).hasSize(8);
    assertThat(udp.getSection(Section.ADDITIONAL)).hasSizeLessThan(32);
    // RFC 9471 §3: glue that does not fit means TC, unlike other additional data.
    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();

    Message tcp = h.tcp(q);
    assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(tcp.getSection(Section.ADDITIONAL)).hasSize(32);
    Message big = h.udp(withEdns(query("www.sub.example.com.", Type.A), 1232, 0, false));
    assertThat(big.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(big.getSection(Section.ADDITIONAL)).hasSize(33); // with the OPT
  }
}
