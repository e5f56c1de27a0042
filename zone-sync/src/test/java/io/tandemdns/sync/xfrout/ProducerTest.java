package io.tandemdns.sync.xfrout;

import static io.tandemdns.sync.TestZones.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.sync.TestZones;
import io.tandemdns.sync.journal.Journal;
import io.tandemdns.sync.journal.JournalLimits;
import io.tandemdns.sync.tsig.Keyring;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.diff.ZoneDiff;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/** Producers re-parsed with dnsjava: structure, sizes, compression, TSIG on every message. */
class ProducerTest {
  static final Name KEY = Name.fromConstantString("xfr.example.");
  static final TSIG TSIG_KEY = Keyring.key("xfr.example.", "hmac-sha256",
      "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=", java.time.Clock.systemUTC());

  static Message query(int type, long serial, TSIG key) {
    Message q = Message.newQuery(Record.newRecord(TestZones.ORIGIN, type, DClass.IN));
    if (type == Type.IXFR) {
      q.addRecord(new SOARecord(TestZones.ORIGIN, DClass.IN, 0, Name.root, Name.root, serial, 0, 0, 0, 0),
          Section.AUTHORITY);
    }
    if (key != null) {
      key.apply(q, null);
    }
    return q;
  }

  /** Renders each message as the server would, re-parses it and verifies the TSIG stream. */
  static List<Message> receive(MessageSource source, Message query, TSIG key) throws Exception {
    List<Message> out = new ArrayList<>();
    TSIG.StreamVerifier verifier = key == null ? null : new TSIG.StreamVerifier(key, query.getTSIG());
    for (Message m = source.next(); m != null; m = source.next()) {
      byte[] wire = m.toWire();
      assertThat(wire.length).isLessThanOrEqualTo(16 * 1024);
      Message parsed = new Message(wire);
      if (verifier != null) {
        assertThat(parsed.getTSIG()).as("every message is signed").isNotNull();
        assertThat(verifier.verify(parsed, wire, true)).isEqualTo(Rcode.NOERROR);
        assertThat(parsed.isVerified()).isTrue();
      }
      assertThat(parsed.getHeader().getID()).isEqualTo(query.getHeader().getID());
      assertThat(parsed.getHeader().getFlag(Flags.AA)).isTrue();
      out.add(parsed);
      assertThat(out).hasSizeLessThan(10_000);
    }
    return out;
  }

  static List<Record> answers(List<Message> messages) {
    List<Record> all = new ArrayList<>();
    messages.forEach(m -> all.addAll(m.getSection(Section.ANSWER)));
    return all;
  }

  @Test
  void axfrSplitsCompressesAndSignsEveryMessage() throws Exception {
    Zone z = zone(42, TestZones.hosts(3000, "host-with-a-long-label-"));
    Message q = query(Type.AXFR, 0, TSIG_KEY);
    List<Message> msgs = receive(AxfrProducer.of(q, z, TSIG_KEY), q, TSIG_KEY);

    assertThat(msgs.size()).isGreaterThan(3);
    List<Record> all = answers(msgs);
    assertThat(all).hasSize(z.recordCount() + 1);
    assertThat(all.get(0)).isEqualTo(z.soa());
    assertThat(all.get(all.size() - 1)).isEqualTo(z.soa());
    assertThat(all.stream().filter(r -> r.getType() == Type.SOA)).hasSize(2);
    assertThat(TestZones.texts(all)).isEqualTo(TestZones.texts(z.records()));
    assertThat(msgs.get(0).getQuestion().getType()).isEqualTo(Type.AXFR);

    // Name compression: each owner's "example.com." suffix (13 bytes) becomes a 2-byte pointer.
    long wire = 0;
    long uncompressed = 0;
    for (Message m : msgs) {
      wire += m.toWire().length;
      for (Record r : m.getSection(Section.ANSWER)) {
        uncompressed += r.toWire(Section.ANSWER).length;
      }
    }
    assertThat(wire).isLessThan(uncompressed - 10L * all.size());
  }

  @Test
  void unsignedAxfrOfATinyZoneIsOneMessage() throws Exception {
    Zone z = zone(1, "");
    Message q = query(Type.AXFR, 0, null);
    List<Message> msgs = receive(AxfrProducer.of(q, z, null), q, null);
    assertThat(msgs).hasSize(1);
    assertThat(msgs.get(0).getTSIG()).isNull();
    assertThat(answers(msgs)).extracting(Record::getType)
        .containsExactly(Type.SOA, Type.NS, Type.A, Type.SOA);
  }

  static Journal journalOf(List<Zone> versions) throws Exception {
    Journal j = Journal.inMemory(TestZones.ORIGIN, JournalLimits.DEFAULT);
    for (int i = 1; i < versions.size(); i++) {
      j.append(ZoneDiff.compute(versions.get(i - 1), versions.get(i)));
    }
    return j;
  }

  static final List<Zone> VERSIONS = List.of(
      zone(4294967295L, "a 300 IN A 192.0.2.1\n"),
      zone(0, "a 300 IN A 192.0.2.1\nb 300 IN A 192.0.2.2\n"),
      zone(1, "b 300 IN A 192.0.2.2\nc 300 IN A 192.0.2.3\n"));

  @Test
  void ixfrPerDiffAndCondensed() throws Exception {
    Journal j = journalOf(VERSIONS);
    Zone current = VERSIONS.get(2);
    Message q = query(Type.IXFR, 4294967295L, TSIG_KEY);

    IxfrProducer.Answer perDiff = IxfrProducer.of(q, 4294967295L, current, j, false, TSIG_KEY);
    assertThat(perDiff.kind()).isEqualTo(IxfrProducer.Kind.INCREMENTAL);
    List<Record> rr = answers(receive(perDiff.messages(), q, TSIG_KEY));
    assertThat(rr).extracting(r -> Type.string(r.getType()) + " " + r.getName() + " "
        + (r instanceof SOARecord s ? s.getSerial() : r.rdataToString()))
        .containsExactly(
            "SOA example.com. 1",
            "SOA example.com. 4294967295", "SOA example.com. 0", "A b.example.com. 192.0.2.2",
            "SOA example.com. 0", "A a.example.com. 192.0.2.1", "SOA example.com. 1",
            "A c.example.com. 192.0.2.3",
            "SOA example.com. 1");

    Message q2 = query(Type.IXFR, 4294967295L, TSIG_KEY);
    IxfrProducer.Answer condensed = IxfrProducer.of(q2, 4294967295L, current, j, true, TSIG_KEY);
    assertThat(answers(receive(condensed.messages(), q2, TSIG_KEY)))
        .extracting(r -> Type.string(r.getType()) + " " + r.getName())
        .containsExactly("SOA example.com.", "SOA example.com.", "A a.example.com.",
            "SOA example.com.", "A b.example.com.", "A c.example.com.", "SOA example.com.")
        .doesNotContainSubsequence("A b.example.com.", "A b.example.com.");
  }

  @Test
  void ixfrUpToDateMissingChainAndUndefinedDistance() throws Exception {
    Journal j = journalOf(VERSIONS);
    Zone current = VERSIONS.get(2);
    for (long clientSerial : new long[] {1, 2, 100}) { // current, ahead, ahead
      Message q = query(Type.IXFR, clientSerial, null);
      IxfrProducer.Answer a = IxfrProducer.of(q, clientSerial, current, j, true, null);
      assertThat(a.kind()).as("client at %d", clientSerial).isEqualTo(IxfrProducer.Kind.UP_TO_DATE);
      assertThat(answers(receive(a.messages(), q, null))).containsExactly(current.soa());
    }
    for (long clientSerial : new long[] {4294967290L, 1L + (1L << 31)}) { // unknown; 2^31 away
      Message q = query(Type.IXFR, clientSerial, TSIG_KEY);
      IxfrProducer.Answer a = IxfrProducer.of(q, clientSerial, current, j, true, TSIG_KEY);
      assertThat(a.kind()).isEqualTo(IxfrProducer.Kind.AXFR_STYLE);
      List<Record> rr = answers(receive(a.messages(), q, TSIG_KEY));
      assertThat(rr).hasSize(current.recordCount() + 1);
      assertThat(rr.get(1).getType()).isNotEqualTo(Type.SOA);
    }
    assertThat(IxfrProducer.clientSerial(query(Type.IXFR, 77, null))).hasValue(77);
    assertThat(IxfrProducer.clientSerial(query(Type.AXFR, 0, null))).isEmpty();
  }

  @Test
  void ixfrOverUdpFitsOrFallsBackToTheSoa() throws Exception {
    Journal j = journalOf(VERSIONS);
    Zone current = VERSIONS.get(2);
    Message q = query(Type.IXFR, 4294967295L, TSIG_KEY);
    byte[] wire = IxfrUdp.answer(q, 4294967295L, current, j, TSIG_KEY, 1232).toWire();
    Message fits = new Message(wire);
    assertThat(TSIG_KEY.verify(fits, wire, q.getTSIG())).isEqualTo(Rcode.NOERROR);
    assertThat(fits.getSection(Section.ANSWER)).hasSize(7);
    assertThat(wire.length).isLessThanOrEqualTo(1232);

    Message small = IxfrUdp.answer(q, 4294967295L, current, j, TSIG_KEY, 200);
    assertThat(small.getSection(Section.ANSWER)).containsExactly(current.soa());

    Message unknown = IxfrUdp.answer(q, 12345, current, j, null, 65535);
    assertThat(unknown.getSection(Section.ANSWER)).containsExactly(current.soa());
  }
}
