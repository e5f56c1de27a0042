package io.tandemdns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Owners keep their order of first appearance and their records through the table's growth. */
class OwnerTableTest {
  private static Record a(Name owner, int i) throws Exception {
    return new ARecord(owner, DClass.IN, 300, InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}));
  }

  @Test
  void growingFromATinyTableKeepsOrderValuesAndLookups() throws Exception {
    OwnerTable table = new OwnerTable(1); // 16 slots: grows several times below
    List<Name> names = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Name n = Name.fromString("h" + i + ".example.com.");
      names.add(n);
      int k = table.indexOf(n);
      assertThat(k).isEqualTo(i);
      table.setValue(k, i % 2 == 0 ? a(n, i) : List.of(a(n, i), a(n, i + 1)));
    }
    assertThat(table.size()).isEqualTo(5_000);
    for (int i = 0; i < names.size(); i++) {
      assertThat(table.nameAt(i)).isSameAs(names.get(i));
      assertThat(table.recordsAt(i)).hasSize(i % 2 == 0 ? 1 : 2);
      // Another Name object, other case: the same owner (DNS names compare case-insensitively).
      Name other = Name.fromString("H" + i + ".EXAMPLE.com.");
      assertThat(table.indexOf(other)).isEqualTo(i);
      assertThat(table.get(other)).isEqualTo(table.recordsAt(i));
    }
    assertThat(table.size()).isEqualTo(5_000);
    assertThat(table.get(Name.fromString("absent.example.com."))).isNull();
  }
}
