package io.tandemdns.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The builder keeps one list per owner and groups it by type at build time: RRsets must come
 * out as a per-type map would have made them, whatever order the records arrive in.
 */
class ZoneBuilderGroupingTest {
  static final Name ORIGIN = Name.fromConstantString("example.com.");

  static Name name(String s) {
    return Name.fromConstantString(s);
  }

  static Record a(String owner, String ip, long ttl) throws Exception {
    return new ARecord(name(owner), DClass.IN, ttl, InetAddress.getByName(ip));
  }

  static ZoneBuilder apex() {
    return new ZoneBuilder(ORIGIN)
        .add(new SOARecord(ORIGIN, DClass.IN, 3600, name("ns1.example.com."), name("h.example.com."), 1, 2, 3, 4, 5))
        .add(new NSRecord(ORIGIN, DClass.IN, 3600, name("ns1.example.com.")));
  }

  @Test
  void interleavedTypesGroupInOrderOfFirstAppearance() throws Exception {
    Name www = name("www.example.com.");
    Zone zone = apex()
        .add(a("www.example.com.", "192.0.2.1", 300))
        .add(new MXRecord(www, DClass.IN, 300, 10, name("mail.example.com.")))
        .add(a("other.example.com.", "192.0.2.9", 300))
        // A new but equal Name object, after another owner: must join the same node.
        .add(a("www.example.com.", "192.0.2.2", 60))
        .add(new TXTRecord(www, DClass.IN, 300, "x"))
        .add(a("www.example.com.", "192.0.2.1", 300)) // duplicate, collapses
        .build();
    Node node = zone.node(www);
    assertThat(node.sets()).extracting(RecordSet::type).containsExactly(Type.A, Type.MX, Type.TXT);
    RecordSet set = node.get(Type.A);
    assertThat(set.records()).containsExactly(a("www.example.com.", "192.0.2.1", 300),
        a("www.example.com.", "192.0.2.2", 60));
    assertThat(set.ttl()).isEqualTo(60); // the lowest TTL of the RRset
    assertThat(zone.node(name("other.example.com.")).get(Type.A).records()).hasSize(1);
    assertThat(zone.recordCount()).isEqualTo(2 + 5);
  }

  @Test
  void manyRecordsAtOneOwnerStillDeduplicate() throws Exception {
    ZoneBuilder b = apex();
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 40; i++) {
        b.add(a("big.example.com.", "192.0.2." + i, 300));
        b.add(new TXTRecord(name("big.example.com."), DClass.IN, 300, "t" + i));
      }
    }
    Node node = b.build().node(name("big.example.com."));
    assertThat(node.get(Type.A).records()).hasSize(40);
    assertThat(node.get(Type.TXT).records()).hasSize(40);
  }

  @Test
  void childOfApexAndDeeperNamesGetCutsAndWildcards() throws Exception {
    Zone zone = apex()
        .add(new NSRecord(name("sub.example.com."), DClass.IN, 300, name("ns.sub.example.com.")))
        .add(a("ns.sub.example.com.", "192.0.2.3", 300))
        .add(a("*.example.com.", "192.0.2.4", 300))
        .add(a("*.deep.x.example.com.", "192.0.2.5", 300))
        .build();
    Node sub = zone.node(name("sub.example.com."));
    assertThat(sub.cut()).isSameAs(sub);
    assertThat(zone.node(name("ns.sub.example.com.")).cut()).isSameAs(sub);
    assertThat(zone.node(ORIGIN).wildcardChild()).isSameAs(zone.node(name("*.example.com.")));
    assertThat(zone.node(name("deep.x.example.com.")).wildcardChild())
        .isSameAs(zone.node(name("*.deep.x.example.com.")));
    assertThat(zone.node(name("x.example.com.")).isEmptyNonTerminal()).isTrue();
    assertThat(zone.node(name("x.example.com.")).cut()).isNull();
  }

  /**
   * Signatures and NSEC3 records sit in the owner's list with everything else (the checks read
   * that list) and are set apart only by build(): RRSIGs ride on the set they cover, an owner
   * with only NSEC3 data is no node (RFC 5155 §7.2.8), and a repeated RRSIG collapses.
   */
  @Test
  void signaturesAndNsec3AreSetApartAtBuildTime() throws Exception {
    Name www = name("www.example.com.");
    Name hashed = name("2vptu5timamqttgl4luu9kg21e0aor3s.example.com.");
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    RRSIGRecord sigA = new RRSIGRecord(www, DClass.IN, 300, Type.A, 13, 300, t.plusSeconds(86400), t, 1, ORIGIN,
        new byte[64]);
    NSEC3Record nsec3 = new NSEC3Record(hashed, DClass.IN, 300, NSEC3Record.SHA1_DIGEST_ID, 0, 0, new byte[0],
        new byte[20], new int[] {Type.A});
    RRSIGRecord sigNsec3 = new RRSIGRecord(hashed, DClass.IN, 300, Type.NSEC3, 13, 300, t.plusSeconds(86400), t, 1,
        ORIGIN, new byte[64]);
    ZoneBuilder b = apex()
        .add(a("www.example.com.", "192.0.2.1", 300))
        .add(sigA)
        .add(nsec3)
        .add(sigNsec3)
        .add(sigA); // duplicate, collapses
    assertThat(b.owners().get(www)).containsExactly(a("www.example.com.", "192.0.2.1", 300), sigA);
    assertThat(b.owners().get(hashed)).containsExactly(nsec3, sigNsec3);
    Zone zone = b.build();
    Node node = zone.node(www);
    assertThat(node.get(Type.A).records()).hasSize(1);
    assertThat(node.get(Type.A).signatures()).containsExactly(sigA);
    assertThat(node.get(Type.RRSIG).records()).containsExactly(sigA);
    assertThat(zone.node(hashed)).isNull();
    assertThat(zone.records()).contains(nsec3, sigNsec3);
  }

  @Test
  void apexNeedsExactlyOneSoaAmongItsRecords() throws Exception {
    ZoneBuilder b = new ZoneBuilder(ORIGIN).add(a("example.com.", "192.0.2.1", 300));
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
  }
}
