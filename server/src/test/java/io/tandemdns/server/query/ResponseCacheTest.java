package io.tandemdns.server.query;

import static io.tandemdns.server.query.QueryHarness.example;
import static io.tandemdns.server.query.QueryHarness.query;
import static io.tandemdns.server.query.QueryHarness.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.response.CacheGate;
import io.tandemdns.zone.ZoneRegistry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The response cache through the processor: what is patched, what is keyed, what is not cached. */
class ResponseCacheTest {
  private final QueryHarness h = new QueryHarness(QuerySettings.defaults(), example());

  private static Message withId(Message m, int id) {
    m.getHeader().setID(id);
    return m;
  }

  @Test
  void hitPatchesIdAndQuestionCase() {
    Message q1 = withId(query("www.example.com.", Type.A), 1);
    h.raw(q1.toWire(), Transport.UDP); // the first miss is only remembered (Doorkeeper)
    byte[] r1 = h.raw(q1.toWire(), Transport.UDP);
    Message q2 = withId(query("WwW.ExAmPlE.CoM.", Type.A), 2);
    q2.getHeader().unsetFlag(Flags.RD);
    byte[] q2wire = q2.toWire();
    byte[] r2 = h.raw(q2wire, Transport.UDP);

    assertThat(h.processor.stats().cacheMisses()).isEqualTo(2);
    assertThat(h.processor.stats().cacheHits()).isEqualTo(1);
    Message m1 = QueryHarness.parse(r1);
    Message m2 = QueryHarness.parse(r2);
    assertThat(m1.getHeader().getID()).isEqualTo(1);
    assertThat(m2.getHeader().getID()).isEqualTo(2);
    assertThat(m1.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(m2.getHeader().getFlag(Flags.RD)).isFalse();
    // RFC 4343 §4.1: the question comes back byte for byte as sent...
    int qnameLength = 17;
    assertThat(Arrays.copyOfRange(r2, 12, 12 + qnameLength)).isEqualTo(Arrays.copyOfRange(q2wire, 12, 12 + qnameLength));
    assertThat(m2.getQuestion().getName().toString()).isEqualTo("WwW.ExAmPlE.CoM.");
    // ...and owners compressed to it follow.
    assertThat(m2.getSection(Section.ANSWER).get(0).getName().toString()).isEqualTo("WwW.ExAmPlE.CoM.");
    assertThat(m1.getSection(Section.ANSWER).get(0).getName().toString()).isEqualTo("www.example.com.");
    assertThat(m2.getSection(Section.ANSWER)).isEqualTo(m1.getSection(Section.ANSWER));
    assertThat(m2.getSection(Section.AUTHORITY)).isEqualTo(m1.getSection(Section.AUTHORITY));
    assertThat(r2).hasSameSizeAs(r1);
    assertThat(h.processor.stats().responses(Rcode.NOERROR)).isEqualTo(3);
  }

  @Test
  void anAnswerIsCachedOnItsSecondMissNotItsFirst() {
    Message q = query("www.example.com.", Type.A);
    h.udp(q);
    assertThat(h.processor.cacheSize()).isZero();
    h.udp(q);
    assertThat(h.processor.cacheSize()).isEqualTo(1);
    h.udp(q);
    assertThat(h.processor.stats().cacheMisses()).isEqualTo(2);
    assertThat(h.processor.stats().cacheHits()).isEqualTo(1);
  }

  @Test
  void negativeAnswersAreCachedToo() {
    h.udp(query("nope.example.com.", Type.A));
    Message first = h.udp(query("nope.example.com.", Type.A));
    Message second = h.udp(withId(query("NOPE.example.com.", Type.A), 7));
    assertThat(first.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(second.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(second.getHeader().getID()).isEqualTo(7);
    assertThat(second.getSection(Section.AUTHORITY)).isEqualTo(first.getSection(Section.AUTHORITY));
    assertThat(h.processor.stats().cacheHits()).isEqualTo(1);
  }

  @Test
  void aNewZoneSnapshotIsNeverAnsweredFromTheOldOne() {
    Message before = h.udp(query("www.example.com.", Type.A));
    assertThat(before.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.1");
    h.registry.set(ZoneRegistry.of(List.of(QueryHarness.zone(
        "example.com.",
        "@ 3600 SOA ns1 hostmaster 2 7200 3600 1209600 300",
        "@ 3600 NS ns1",
        "ns1 3600 A 192.0.2.53",
        "www 3600 A 192.0.2.99"))));
    Message after = h.udp(query("www.example.com.", Type.A));
    assertThat(after.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.99");
    assertThat(h.processor.stats().cacheHits()).isZero();
    assertThat(h.processor.stats().cacheMisses()).isEqualTo(2);
  }

  @Test
  void keyedByEdnsPresenceDoAndTransport() {
    Message ednsFirst = h.udp(withEdns(query("www.example.com.", Type.A), 1232, 0, false));
    Message plain = h.udp(query("www.example.com.", Type.A));
    assertThat(ednsFirst.getOPT()).isNotNull();
    assertThat(plain.getOPT()).isNull();

    // RFC 8482 §4.1: ANY is minimal over UDP only; the TCP answer must not come from the UDP entry.
    Message anyUdp = h.udp(query("www.example.com.", Type.ANY));
    Message anyTcp = h.tcp(query("www.example.com.", Type.ANY));
    assertThat(rrsetTypes(anyUdp)).hasSize(1);
    assertThat(rrsetTypes(anyTcp)).containsExactlyInAnyOrder(Type.A, Type.AAAA);
    assertThat(h.processor.stats().cacheHits()).isZero();
  }

  private static List<Integer> rrsetTypes(Message m) {
    return m.getSection(Section.ANSWER).stream().map(Record::getType).distinct().toList();
  }

  @Test
  void refusalsForUnservedNamesAreNotCached() {
    for (int i = 0; i < 3; i++) {
      assertThat(h.udp(query("host" + i + ".example.org.", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
    }
    assertThat(h.processor.cacheSize()).isZero();
    assertThat(h.processor.stats().responses(Rcode.REFUSED)).isEqualTo(3);
  }

  @Test
  void disabledCacheStillAnswers() {
    QueryHarness off = new QueryHarness(QuerySettings.defaults().withCacheMaxEntries(0), example());
    for (int i = 0; i < 3; i++) {
      Message r = off.udp(withId(query("www.example.com.", Type.A), i));
      assertThat(r.getHeader().getID()).isEqualTo(i);
      assertThat(r.getSection(Section.ANSWER)).hasSize(1);
    }
    assertThat(off.processor.stats().cacheHits()).isZero();
    assertThat(off.processor.cacheSize()).isZero();
  }

  @Test
  void wildcardAnswersKeepTheQueryName() {
    QueryHarness w = new QueryHarness(QuerySettings.defaults(), QueryHarness.zone(
        "example.com.",
        "@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 300",
        "@ 3600 NS ns1",
        "ns1 3600 A 192.0.2.53",
        "* 3600 A 192.0.2.7"));
    Message a = w.udp(query("a.example.com.", Type.A));
    Message b = w.udp(query("B.example.com.", Type.A));
    assertThat(a.getSection(Section.ANSWER).get(0).getName()).isEqualTo(Name.fromConstantString("a.example.com."));
    assertThat(b.getSection(Section.ANSWER).get(0).getName().toString()).isEqualTo("B.example.com.");
  }

  /**
   * A load that never repeats (CacheGate): after one window of misses a thread asks the cache
   * for only one query in SAMPLE, so a repeated question is cached later than its second miss;
   * answers stay those of an uncached server; and once the sampled lookups hit, every query asks
   * again.
   */
  @Test
  void aLoadThatRarelyRepeatsSkipsTheCacheUntilItPaysAgain() {
    QueryHarness off = new QueryHarness(QuerySettings.defaults().withCacheMaxEntries(0), example());
    for (int i = 0; i < CacheGate.WINDOW; i++) {
      Message name = query("n" + i + ".example.com.", Type.A);
      assertThat(h.udp(name).getSection(Section.AUTHORITY)).isEqualTo(off.udp(name).getSection(Section.AUTHORITY));
    }
    long cachedBefore = h.processor.cacheSize(); // a Doorkeeper false positive may have let one in
    Message q = query("www.example.com.", Type.A);
    List<Record> expected = off.udp(q).getSection(Section.ANSWER);
    for (int i = 0; i < 2 * CacheGate.SAMPLE; i++) {
      assertThat(h.udp(q).getSection(Section.ANSWER)).isEqualTo(expected);
    }
    // Asked for every query, the cache would have hit 30 times (remembered, cached, then hits);
    // asked for every 16th, the repeat was remembered, then cached, and not read yet.
    assertThat(h.processor.stats().cacheHits()).isZero();
    assertThat(h.processor.cacheSize()).isEqualTo(cachedBefore + 1);

    for (int i = 0; i < CacheGate.WINDOW * CacheGate.SAMPLE; i++) {
      h.udp(q);
    }
    long hits = h.processor.stats().cacheHits();
    // WINDOW sampled lookups, all hits but the two before the loop, opened the gate near the
    // loop's end (here 4095 of them); the queries after that all asked and hit (here 31).
    assertThat(hits).isBetween((long) CacheGate.WINDOW, (long) CacheGate.WINDOW + 2 * CacheGate.SAMPLE);
    for (int i = 0; i < 10; i++) {
      assertThat(h.udp(q).getSection(Section.ANSWER)).isEqualTo(expected);
    }
    assertThat(h.processor.stats().cacheHits()).isEqualTo(hits + 10);
  }
}
