package io.tandemdns.sync.tsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;

/** Prefix matching (IPv4, IPv6, mapped), key rules, combined rules. */
class AclTest {
  static InetAddress ip(String literal) throws Exception {
    return Address.getByAddress(literal);
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "192.0.2.0/24, 192.0.2.77, true",
    "192.0.2.0/24, 192.0.3.1, false",
    "192.0.2.128/25, 192.0.2.127, false",
    "192.0.2.128/25, 192.0.2.200, true",
    "10.0.0.0/8, 10.255.255.255, true",
    "0.0.0.0/0, 203.0.113.9, true",
    "192.0.2.1, 192.0.2.1, true",
    "192.0.2.1, 192.0.2.2, false",
    "192.0.2.0/23, 192.0.3.5, true",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "2001:db8::/33, 2001:db8:8000::1, false",
    "::1, ::1, true",
    "192.0.2.0/24, 2001:db8::1, false",
    "2001:db8::/32, 192.0.2.1, false",
    "192.0.2.0/24, ::ffff:192.0.2.9, true",
  })
  void prefixes(String prefix, String address, boolean expected) throws Exception {
    assertThat(AddressPrefix.parse(prefix).contains(ip(address))).isEqualTo(expected);
  }

  @Test
  void badPrefixesAreRejected() {
    assertThatThrownBy(() -> AddressPrefix.parse("192.0.2.0/33")).hasMessageContaining("0..32");
    assertThatThrownBy(() -> AddressPrefix.parse("ns1.example.com")).hasMessageContaining("not an IPv4/IPv6");
    assertThatThrownBy(() -> AddressPrefix.parse("2001:db8::/x")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> Acl.Rule.parse("192.0.2.1 keyy k")).hasMessageContaining("expected");
  }

  @Test
  void rulesCombineAddressAndKey() throws Exception {
    Name k1 = Name.fromString("k1.");
    Name k2 = Name.fromString("k2.");
    Acl acl = Acl.parse(List.of("192.0.2.0/24", "key k1", "2001:db8::/32 key k2"));
    assertThat(acl.allows(ip("192.0.2.5"), null)).isTrue();
    assertThat(acl.allows(ip("198.51.100.1"), null)).isFalse();
    assertThat(acl.allows(ip("198.51.100.1"), k1)).isTrue(); // key alone suffices
    assertThat(acl.allows(ip("2001:db8::5"), null)).isFalse(); // needs k2 too
    assertThat(acl.allows(ip("2001:db8::5"), k2)).isTrue();
    assertThat(acl.allows(ip("2001:db9::5"), k2)).isFalse();
    assertThat(acl.allows(ip("2001:db9::5"), Name.fromString("K1."))).isTrue(); // names are case-insensitive

    assertThat(Acl.denyAll().allows(ip("127.0.0.1"), k1)).isFalse();
    assertThat(Acl.parse(List.of("any")).allows(ip("::1"), null)).isTrue();
    assertThat(Acl.parse(List.of("any key k1")).allows(ip("::1"), null)).isFalse();
  }
}
