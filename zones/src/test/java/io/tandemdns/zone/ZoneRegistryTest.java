package io.tandemdns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The zone of a qname is the deepest served origin above it. The registry probes only suffixes
 * whose label count some origin has, so zones of mixed depths (the root included) must all be
 * found, and a name between two depths must fall to the shallower zone.
 */
class ZoneRegistryTest {
  static Name name(String s) {
    return Name.fromConstantString(s);
  }

  static Zone zone(String origin) {
    Name o = name(origin);
    return new ZoneBuilder(o)
        .add(new SOARecord(o, DClass.IN, 3600, name("ns.invalid."), name("h.invalid."), 1, 2, 3, 4, 5))
        .add(new NSRecord(o, DClass.IN, 3600, name("ns.invalid.")))
        .build();
  }

  @Test
  void deepestOriginWinsAtEveryDepth() {
    ZoneRegistry r = ZoneRegistry.of(List.of(zone("."), zone("example."), zone("a.b.c.example.")));
    assertThat(r.find(name("www.a.b.c.example.")).origin()).isEqualTo(name("a.b.c.example."));
    assertThat(r.find(name("a.b.c.example.")).origin()).isEqualTo(name("a.b.c.example."));
    assertThat(r.find(name("b.c.example.")).origin()).isEqualTo(name("example."));
    assertThat(r.find(name("x.y.z.b.c.example.")).origin()).isEqualTo(name("example."));
    assertThat(r.find(name("org.")).origin()).isEqualTo(Name.root);
    assertThat(r.find(Name.root).origin()).isEqualTo(Name.root);
  }

  @Test
  void noServedSuffixIsNull() {
    ZoneRegistry r = ZoneRegistry.of(List.of(zone("a.b.c.example.")));
    assertThat(r.find(name("b.c.example."))).isNull();
    assertThat(r.find(name("www.example."))).isNull();
    assertThat(r.find(name("www.a.b.c.example."), Type.A).origin()).isEqualTo(name("a.b.c.example."));
  }

  @Test
  void dsAtAChildApexGoesToTheParentAcrossDepths() {
    ZoneRegistry r = ZoneRegistry.of(List.of(zone("example."), zone("a.b.c.example.")));
    assertThat(r.find(name("a.b.c.example."), Type.DS).origin()).isEqualTo(name("example."));
    assertThat(r.find(name("a.b.c.example."), Type.A).origin()).isEqualTo(name("a.b.c.example."));
  }

  /**
   * Up to four origins of one depth are compared in place, more go through the map: both must
   * give the same zone for every name, letter case aside (RFC 4343), and after with/without.
   */
  @Test
  void fewOrManyOriginsOfOneDepthFindTheSameZones() {
    for (int count = 1; count <= 6; count++) {
      List<Zone> zones = new java.util.ArrayList<>(List.of(zone("example.")));
      for (int i = 0; i < count; i++) {
        zones.add(zone("z" + i + ".example."));
      }
      ZoneRegistry r = ZoneRegistry.of(zones);
      for (int i = 0; i < count; i++) {
        assertThat(r.find(name("www.z" + i + ".example.")).origin()).isEqualTo(name("z" + i + ".example."));
        assertThat(r.find(name("WWW.Z" + i + ".Example.")).origin()).isEqualTo(name("z" + i + ".example."));
        assertThat(r.find(name("z" + i + ".example.")).origin()).isEqualTo(name("z" + i + ".example."));
      }
      assertThat(r.find(name("www.z9.example.")).origin()).isEqualTo(name("example."));
      assertThat(r.find(name("www.org."))).isNull();
      ZoneRegistry fewer = r.without(name("z0.example."));
      assertThat(fewer.find(name("www.z0.example.")).origin()).isEqualTo(name("example."));
      assertThat(fewer.with(zone("z0.example.")).find(name("www.z0.example.")).origin())
          .isEqualTo(name("z0.example."));
    }
  }
}
