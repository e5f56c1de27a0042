package io.tandemdns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.zone.load.ZoneFileLoader;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** RFC 4592 §3.3.1 closest encloser: the deepest existing node, the apex last, nothing outside. */
class ClosestEncloserTest {
  static final Name ORIGIN = Name.fromConstantString("example.com.");

  static Zone zone() throws Exception {
    return ZoneFileLoader.load("""
        $TTL 3600
        @ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
          IN NS ns1
        ns1 IN A 192.0.2.1
        a.b.c IN A 192.0.2.2
        """, "t", ORIGIN);
  }

  static Name name(String s) {
    return Name.fromConstantString(s);
  }

  @Test
  void deepestExistingNodeIncludingEmptyNonTerminals() throws Exception {
    Zone z = zone();
    assertThat(z.closestEncloser(name("a.b.c.example.com.")).name()).isEqualTo(name("a.b.c.example.com."));
    assertThat(z.closestEncloser(name("x.a.b.c.example.com.")).name()).isEqualTo(name("a.b.c.example.com."));
    assertThat(z.closestEncloser(name("x.b.c.example.com.")).name()).isEqualTo(name("b.c.example.com."));
    assertThat(z.closestEncloser(name("NS1.example.com.")).name()).isEqualTo(name("ns1.example.com."));
  }

  @Test
  void theApexForMissingNamesRightBelowItAndForItself() throws Exception {
    Zone z = zone();
    assertThat(z.closestEncloser(name("nothere.example.com."))).isSameAs(z.apex());
    assertThat(z.closestEncloser(name("y.nothere.example.com."))).isSameAs(z.apex());
    assertThat(z.closestEncloser(ORIGIN)).isSameAs(z.apex());
    assertThat(z.apex().isApex()).isTrue();
  }

  @Test
  void nothingForNamesOutsideTheZone() throws Exception {
    Zone z = zone();
    assertThat(z.closestEncloser(name("www.example.org."))).isNull();
    assertThat(z.closestEncloser(name("com."))).isNull();
    assertThat(z.closestEncloser(name("a.b.c.example.net."))).isNull();
  }
}
