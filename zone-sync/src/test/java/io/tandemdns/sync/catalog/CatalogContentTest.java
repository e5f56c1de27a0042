package io.tandemdns.sync.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneBuilder;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Parsing catalog zones (RFC 9432 §4) and generating them (the producer's output parses back). */
class CatalogContentTest {
  static final Name CAT = Name.fromConstantString("cat.example.");

  static Zone zone(String... lines) throws IOException {
    String text = "$ORIGIN cat.example.\n$TTL 0\n@ SOA invalid. invalid. 5 3600 600 2147483646 0\n@ NS invalid.\n"
        + String.join("\n", lines) + "\n";
    ZoneBuilder b = new ZoneBuilder(CAT);
    try (Master m = new Master(new java.io.ByteArrayInputStream(text.getBytes()), CAT)) {
      for (Record r; (r = m.nextRecord()) != null; ) {
        b.add(r);
      }
    }
    return b.build();
  }

  @Test
  void membersWithGroupAndCoo() throws Exception {
    CatalogContent c = CatalogContent.parse(zone("version TXT \"2\"",
        "u1.zones PTR one.example.", "group.u1.zones TXT \"premium\"",
        "u2.zones PTR two.example.", "coo.u2.zones PTR other-cat.example.",
        "ext.zones TXT \"ignored\"", "u3.zones.ext TXT \"ignored too\""));
    assertThat(c.members()).containsOnlyKeys(Name.fromConstantString("one.example."),
        Name.fromConstantString("two.example."));
    CatalogContent.Member one = c.member(Name.fromConstantString("one.example."));
    assertThat(one.unique()).isEqualTo("u1");
    assertThat(one.group()).isEqualTo("premium");
    assertThat(one.coo()).isNull();
    assertThat(c.member(Name.fromConstantString("two.example.")).coo())
        .isEqualTo(Name.fromConstantString("other-cat.example."));
    assertThat(c.problems()).isEmpty();
    assertThat(c.serial()).isEqualTo(5);
  }

  @Test
  void missingOrUnsupportedVersionIsNotProcessed() throws Exception {
    assertThatThrownBy(() -> CatalogContent.parse(zone("u1.zones PTR one.example.")))
        .isInstanceOf(CatalogException.class).hasMessageContaining("no version property");
    assertThatThrownBy(() -> CatalogContent.parse(zone("version TXT \"1\"", "u1.zones PTR one.example.")))
        .isInstanceOf(CatalogException.class).hasMessageContaining("schema version \"1\"");
    assertThatThrownBy(() -> CatalogContent.parse(zone("version TXT \"2\"", "version TXT \"3\"")))
        .isInstanceOf(CatalogException.class).hasMessageContaining("several version");
  }

  @Test
  void ambiguousMembersAreSkippedWithAReason() throws Exception {
    CatalogContent c = CatalogContent.parse(zone("version TXT \"2\"",
        "u1.zones PTR one.example.", "u1.zones PTR uno.example.",
        "u2.zones PTR twice.example.", "u3.zones PTR twice.example.",
        "u4.zones PTR cat.example.", "u5.zones PTR fine.example."));
    assertThat(c.members()).containsOnlyKeys(Name.fromConstantString("fine.example."));
    assertThat(c.problems()).hasSize(3);
    assertThat(String.join("\n", c.problems())).contains("more than one PTR", "several unique labels",
        "the catalog itself");
  }

  @Test
  void producedCatalogParsesBackWithStableLabels() throws Exception {
    Name one = Name.fromConstantString("One.Example.");
    Zone z = CatalogProducer.build(CAT, 42, List.of(new CatalogProducer.Member(one, null),
        new CatalogProducer.Member(Name.fromConstantString("two.example."), "gold")));
    CatalogContent c = CatalogContent.parse(z);
    assertThat(c.members()).hasSize(2);
    assertThat(c.member(Name.fromConstantString("one.example.")).unique())
        .isEqualTo(CatalogProducer.uniqueLabel(Name.fromConstantString("one.example.")))
        .hasSize(16);
    assertThat(c.member(Name.fromConstantString("two.example.")).group()).isEqualTo("gold");
    assertThat(z.serial()).isEqualTo(42);
    assertThat(CatalogProducer.uniqueLabel(one)).isNotEqualTo(
        CatalogProducer.uniqueLabel(Name.fromConstantString("two.example.")));
  }
}
