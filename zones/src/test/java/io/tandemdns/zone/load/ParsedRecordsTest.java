package io.tandemdns.zone.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Each parsed record keeps its file and line through growth; clear drops them all. */
class ParsedRecordsTest {
  @Test
  void recordsFilesAndLinesSurviveGrowthAndClearEmpties() throws Exception {
    ParsedRecords parsed = new ParsedRecords();
    Name owner = Name.fromString("www.example.com.");
    Record[] made = new Record[100];
    for (int i = 0; i < made.length; i++) {
      made[i] = new ARecord(owner, DClass.IN, 300, InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) i}));
      parsed.add(made[i], i < 50 ? "main.zone" : "inc.zone", i + 1);
    }
    parsed.ensureCapacity(10); // never shrinks
    assertThat(parsed).hasSize(100);
    for (int i = 0; i < made.length; i++) {
      assertThat(parsed.get(i)).isEqualTo(new LocatedRecord(made[i], i < 50 ? "main.zone" : "inc.zone", i + 1));
    }
    assertThatThrownBy(() -> parsed.get(100)).isInstanceOf(IndexOutOfBoundsException.class);
    parsed.clear();
    assertThat(parsed).isEmpty();
    parsed.add(made[0], "again.zone", 7);
    assertThat(parsed.get(0).file()).isEqualTo("again.zone");
  }
}
