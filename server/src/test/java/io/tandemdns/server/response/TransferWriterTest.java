package io.tandemdns.server.response;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.sync.xfrout.AxfrProducer;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.load.ZoneFileLoader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The unsigned AXFR renderer: every record once, in the AXFR order, split into messages within
 * the budget, each a well-formed response dnsjava parses back to the same records.
 */
class TransferWriterTest {
  static final Name ORIGIN = Name.fromConstantString("example.com.");

  static Zone zone() throws Exception {
    StringBuilder sb = new StringBuilder("""
        $TTL 3600
        @ IN SOA ns1 hostmaster 7 7200 3600 1209600 300
          IN NS ns1
          IN MX 10 mail
        ns1 IN A 192.0.2.1
        mail IN AAAA 2001:db8::25
        www IN CNAME ns1
        big IN TXT "%s" "%s"
        sub IN NS ns.sub
        ns.sub IN A 192.0.2.53
        """.formatted("a".repeat(255), "b".repeat(255)));
    for (int i = 0; i < 3000; i++) {
      sb.append("h").append(i).append(" IN A 198.18.").append(i / 250).append('.').append(i % 250 + 1).append('\n');
      if (i % 3 == 0) {
        sb.append("h").append(i).append(" IN TXT \"id=").append(i).append("\"\n");
      }
    }
    return ZoneFileLoader.load(sb.toString(), "t", ORIGIN);
  }

  @ParameterizedTest
  @ValueSource(ints = {600, 4096, 16384})
  void everyRecordOnceInOrderWithinTheBudget(int budget) throws Exception {
    Zone zone = zone();
    List<Record> expected = new ArrayList<>();
    AxfrProducer.records(zone).forEachRemaining(expected::add);
    Name asked = Name.fromConstantString("EXAMPLE.com."); // the question echoes the client's case
    TransferWriter writer = new TransferWriter(4711, true, asked, Type.AXFR, DClass.IN,
        AxfrProducer.records(zone), budget);

    List<Record> got = new ArrayList<>();
    int messages = 0;
    for (byte[] wire; (wire = writer.next()) != null; messages++) {
      Message m = new Message(wire);
      assertThat(m.getHeader().getID()).isEqualTo(4711);
      assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
      assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
      assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
      assertThat(m.getHeader().getOpcode()).isEqualTo(Opcode.QUERY);
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
      List<Record> answers = m.getSection(Section.ANSWER);
      assertThat(writer.lastRecordCount()).isEqualTo(answers.size()).isPositive();
      if (messages == 0) {
        assertThat(m.getQuestion().getName().toString()).isEqualTo("EXAMPLE.com.");
        assertThat(m.getQuestion().getType()).isEqualTo(Type.AXFR);
      } else {
        assertThat(m.getSection(Section.QUESTION)).isEmpty();
      }
      if (answers.size() > 1) {
        assertThat(wire.length).isLessThanOrEqualTo(budget);
      }
      got.addAll(answers);
    }
    assertThat(writer.next()).isNull();
    assertThat(messages).isGreaterThan(budget == 16384 ? 1 : 10);
    assertThat(got).hasSameSizeAs(expected);
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i)).isEqualTo(expected.get(i));
      assertThat(got.get(i).getTTL()).isEqualTo(expected.get(i).getTTL());
    }
  }

  @Test
  void aRecordLargerThanTheBudgetGoesOutAlone() throws Exception {
    int budget = 100;
    Zone zone = zone();
    Iterator<Record> records = AxfrProducer.records(zone);
    TransferWriter writer = new TransferWriter(1, false, ORIGIN, Type.AXFR, DClass.IN, records, budget);
    boolean sawBig = false;
    for (byte[] wire; (wire = writer.next()) != null; ) {
      Message m = new Message(wire);
      assertThat(m.getHeader().getFlag(Flags.RD)).isFalse();
      List<Record> answers = m.getSection(Section.ANSWER);
      if (wire.length > budget) {
        assertThat(answers).hasSize(1);
        sawBig |= answers.get(0).getType() == Type.TXT && answers.get(0).getName().toString().startsWith("big.");
      }
    }
    assertThat(sawBig).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {600, 16384})
  void compressesExactlyAsDnsjavaDoes(int budget) throws Exception {
    // Hundreds of names per message: the writer's target index (not the scan) finds the pointers,
    // and must pick the same earliest target as dnsjava's Compression.
    Zone zone = zone();
    TransferWriter writer = new TransferWriter(9, false, ORIGIN, Type.AXFR, DClass.IN, AxfrProducer.records(zone), budget);
    for (byte[] wire; (wire = writer.next()) != null; ) {
      Message parsed = new Message(wire);
      Message rebuilt = new Message(9);
      rebuilt.getHeader().setFlag(Flags.QR);
      rebuilt.getHeader().setFlag(Flags.AA);
      for (Record q : parsed.getSection(Section.QUESTION)) {
        rebuilt.addRecord(q, Section.QUESTION);
      }
      for (Record r : parsed.getSection(Section.ANSWER)) {
        rebuilt.addRecord(r, Section.ANSWER);
      }
      assertThat(wire).isEqualTo(rebuilt.toWire());
    }
  }
}
