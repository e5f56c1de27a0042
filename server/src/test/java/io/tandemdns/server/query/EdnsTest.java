package io.tandemdns.server.query;

import static io.tandemdns.server.query.QueryHarness.example;
import static io.tandemdns.server.query.QueryHarness.query;
import static io.tandemdns.server.query.QueryHarness.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** EDNS(0) per RFC 6891, DO per RFC 3225 and NSID per RFC 5001. */
class EdnsTest {
  private static final byte[] NSID = "tandem-1".getBytes(StandardCharsets.US_ASCII);

  /** The NSID option as it appears on the wire: code 3, length, data. */
  private static byte[] nsidOption() {
    byte[] b = new byte[4 + NSID.length];
    b[1] = 3;
    b[3] = (byte) NSID.length;
    System.arraycopy(NSID, 0, b, 4, NSID.length);
    return b;
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void optOnlyWhenTheQueryHadOne(Transport t) {
    QueryHarness h = new QueryHarness(QuerySettings.defaults(), example());
    assertThat(h.send(query("www.example.com.", Type.A), t).getOPT()).isNull();
    assertThat(h.send(query("nope.example.com.", Type.A), t).getOPT()).isNull();
    assertThat(h.send(query("www.example.org.", Type.A), t).getOPT()).isNull();

    Message r = h.send(withEdns(query("www.example.com.", Type.A), 4096, 0, false), t);
    OPTRecord opt = r.getOPT();
    assertThat(opt).isNotNull();
    assertThat(opt.getPayloadSize()).isEqualTo(QuerySettings.DEFAULT_EDNS_PAYLOAD);
    assertThat(opt.getVersion()).isZero();
    assertThat(opt.getFlags() & Flags.DO).isZero();
    assertThat(opt.getOptions()).isEmpty();
    // The refusal for an unserved name carries the OPT as well.
    assertThat(h.send(withEdns(query("www.example.org.", Type.A), 4096, 0, false), t).getOPT()).isNotNull();
  }

  @Test
  void advertisesTheConfiguredPayload() {
    QueryHarness h = new QueryHarness(QuerySettings.defaults().withEdnsPayload(4000), example());
    Message r = h.udp(withEdns(query("www.example.com.", Type.A), 1232, 0, false));
    assertThat(r.getOPT().getPayloadSize()).isEqualTo(4000);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void unsupportedVersionGetsBadvers(Transport t) {
    QueryHarness h = new QueryHarness(QuerySettings.defaults(), example());
    Message r = h.send(withEdns(query("www.example.com.", Type.A), 1232, 1, true), t);
    // RFC 6891 §6.1.3: extended RCODE 16 (upper bits in the OPT), our version 0, no answer.
    assertThat(r.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(r.getOPT().getVersion()).isZero();
    assertThat(r.getOPT().getExtendedRcode()).isEqualTo(Rcode.BADVERS >>> 4);
    assertThat(r.getHeader().getRcode()).isEqualTo(Rcode.BADVERS & 0xF);
    assertThat(r.getSection(Section.ANSWER)).isEmpty();
    assertThat(r.getQuestion().getName()).isEqualTo(query("www.example.com.", Type.A).getQuestion().getName());
    assertThat(h.processor.stats().responses(Rcode.BADVERS)).isEqualTo(1);
  }

  @Test
  void unknownOptionsAreIgnored() {
    QueryHarness h = new QueryHarness(QuerySettings.defaults(), example());
    EDNSOption unknown = new GenericEDNSOption(65001, new byte[] {1, 2, 3});
    Message r = h.udp(withEdns(query("www.example.com.", Type.A), 1232, 0, false, unknown));
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(r.getSection(Section.ANSWER)).hasSize(1);
    assertThat(r.getOPT().getOptions()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void nsidWhenAskedAndConfigured(Transport t) {
    QueryHarness h = new QueryHarness(QuerySettings.defaults().withNsid(NSID), example());
    Message asked = h.send(withEdns(query("www.example.com.", Type.A), 1232, 0, false, new NSIDOption(new byte[0])), t);
    assertThat(asked.getOPT().getOptions(EDNSOption.Code.NSID)).hasSize(1);
    assertThat(asked.getOPT().getOptions(EDNSOption.Code.NSID).get(0).toWire()).isEqualTo(nsidOption());
    assertThat(asked.getSection(Section.ANSWER)).hasSize(1);

    // Not asked: no NSID even though the answer above is now cached.
    Message notAsked = h.send(withEdns(query("www.example.com.", Type.A), 1232, 0, false), t);
    assertThat(notAsked.getOPT().getOptions()).isEmpty();
    assertThat(notAsked.getSection(Section.ANSWER)).hasSize(1);

    // Asked again, from the cache this time.
    Message again = h.send(withEdns(query("WWW.example.com.", Type.A), 1232, 0, false, new NSIDOption(new byte[0])), t);
    assertThat(again.getOPT().getOptions(EDNSOption.Code.NSID).get(0).toWire()).isEqualTo(nsidOption());

    // Error responses carry it too, as Knot's do.
    Message refused = h.send(withEdns(query("www.example.org.", Type.A), 1232, 0, false, new NSIDOption(new byte[0])), t);
    assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(refused.getOPT().getOptions(EDNSOption.Code.NSID).get(0).toWire()).isEqualTo(nsidOption());
  }

  @Test
  void nsidNotSentWhenNotConfigured() {
    QueryHarness h = new QueryHarness(QuerySettings.defaults(), example());
    Message r = h.udp(withEdns(query("www.example.com.", Type.A), 1232, 0, false, new NSIDOption(new byte[0])));
    assertThat(r.getOPT().getOptions()).isEmpty();
  }

  @Test
  void clientPayloadBelow512CountsAs512() {
    QueryHarness h = new QueryHarness(QuerySettings.defaults(), TruncationTest.bigZone());
    byte[] raw = h.raw(withEdns(query("five.example.com.", Type.TXT), 100, 0, false).toWire(), Transport.UDP);
    Message r = QueryHarness.parse(raw);
    assertThat(raw.length).isGreaterThan(100).isLessThanOrEqualTo(512);
    assertThat(r.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(r.getSection(Section.ANSWER)).hasSize(5);
  }
}
