package io.tandemdns.zone.diff;

import static io.tandemdns.zone.diff.TestZones.zone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.zone.Zone;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Computing diffs, applying chains (all or nothing) and condensing them. */
class ZoneDiffTest {
  static final String SIG =
      "www 3600 IN RRSIG A 13 3 3600 20300101000000 20200101000000 12345 example.com. "
          + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";

  @Test
  void computeFindsAddedRemovedAndTtlChanges() {
    Zone v1 = zone(1, "www 300 IN A 192.0.2.1\nold 300 IN TXT \"bye\"\nttl 300 IN A 192.0.2.9\n");
    Zone v2 = zone(2, "WWW 300 IN A 192.0.2.1\nnew 300 IN TXT \"hi\"\nttl 600 IN A 192.0.2.9\n" + SIG);
    ZoneDiff d = ZoneDiff.compute(v1, v2);

    assertThat(d.oldSerial()).isEqualTo(1);
    assertThat(d.newSerial()).isEqualTo(2);
    // Owner case does not matter (canonical comparison): www is unchanged.
    assertThat(d.removed()).extracting(Record::toString)
        .containsExactly("old.example.com.\t300\tIN\tTXT\t\"bye\"", "ttl.example.com.\t300\tIN\tA\t192.0.2.9");
    assertThat(d.added()).extracting(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.getTTL())
        .containsExactlyInAnyOrder("new.example.com. TXT 300", "ttl.example.com. A 600",
            "www.example.com. RRSIG 3600");
  }

  @Test
  void applyingTheDiffReproducesTheNewZone() throws DiffException {
    Zone v1 = zone(1, "www 300 IN A 192.0.2.1\nold 300 IN TXT \"bye\"\nttl 300 IN A 192.0.2.9\n");
    Zone v2 = zone(2, "www 300 IN A 192.0.2.1\nnew 300 IN TXT \"hi\"\nttl 600 IN A 192.0.2.9\n" + SIG);
    Zone applied = DiffApplier.apply(v1, List.of(ZoneDiff.compute(v1, v2)));
    assertThat(applied.serial()).isEqualTo(2);
    assertThat(exact(applied)).isEqualTo(exact(v2));
    assertThat(applied.node(v2.origin()).get(Type.SOA)).isNotNull();
  }

  @Test
  void chainAcrossTheSerialWrap() throws DiffException {
    Zone a = zone(4294967294L, "a 300 IN A 192.0.2.1\n");
    Zone b = zone(4294967295L, "b 300 IN A 192.0.2.2\n");
    Zone c = zone(3, "c 300 IN A 192.0.2.3\n"); // wrapped past 2^32
    List<ZoneDiff> chain = List.of(ZoneDiff.compute(a, b), ZoneDiff.compute(b, c));
    Zone applied = DiffApplier.apply(a, chain);
    assertThat(applied.serial()).isEqualTo(3);
    assertThat(exact(applied)).isEqualTo(exact(c));

    ZoneDiff condensed = DiffChains.condense(chain);
    assertThat(condensed.oldSerial()).isEqualTo(4294967294L);
    assertThat(condensed.newSerial()).isEqualTo(3);
    // b was added then removed inside the chain: not in the condensed diff at all.
    assertThat(condensed.added()).extracting(r -> r.getName().toString()).containsExactly("c.example.com.");
    assertThat(condensed.removed()).extracting(r -> r.getName().toString()).containsExactly("a.example.com.");
    assertThat(exact(DiffApplier.apply(a, List.of(condensed)))).isEqualTo(exact(c));
  }

  @Test
  void condenseCancelsRemoveAndReAdd() {
    Zone a = zone(1, "x 300 IN A 192.0.2.1\n");
    Zone b = zone(2, "");
    Zone c = zone(3, "x 300 IN A 192.0.2.1\n");
    ZoneDiff condensed = DiffChains.condense(List.of(ZoneDiff.compute(a, b), ZoneDiff.compute(b, c)));
    assertThat(condensed.isEmpty()).isTrue();
    assertThat(condensed.newSerial()).isEqualTo(3);
  }

  @Test
  void wrongStartSerialIsAnErrorAndTheBaseIsUntouched() {
    Zone v1 = zone(1, "www 300 IN A 192.0.2.1\n");
    Zone v2 = zone(2, "www 300 IN A 192.0.2.2\n");
    Zone v3 = zone(3, "www 300 IN A 192.0.2.3\n");
    ZoneDiff d23 = ZoneDiff.compute(v2, v3);
    assertThatThrownBy(() -> DiffApplier.apply(v1, List.of(d23)))
        .isInstanceOf(DiffException.class).hasMessageContaining("starts at serial 2");
    assertThat(v1.serial()).isEqualTo(1);
    assertThat(exact(v1)).contains("www.example.com. 300 A 192.0.2.1");
  }

  @Test
  void deletingAMissingRecordIsAnError() {
    Zone v1 = zone(1, "www 300 IN A 192.0.2.1\n");
    Zone other = zone(1, "www 300 IN A 192.0.2.7\n");
    Zone v2 = zone(2, "");
    ZoneDiff d = ZoneDiff.compute(other, v2); // deletes 192.0.2.7, which v1 lacks
    assertThatThrownBy(() -> DiffApplier.apply(v1, List.of(ZoneDiff.compute(v1, v2), d)))
        .isInstanceOf(DiffException.class);
    assertThatThrownBy(() -> DiffApplier.apply(v1, List.of(d)))
        .isInstanceOf(DiffException.class).hasMessageContaining("not in the zone");
  }

  @Test
  void serialGoingBackwardsIsAnError() {
    Zone v5 = zone(5, "");
    Zone v4 = zone(4, "x 300 IN A 192.0.2.1\n");
    assertThatThrownBy(() -> DiffApplier.apply(v5, List.of(ZoneDiff.compute(v5, v4))))
        .isInstanceOf(DiffException.class).hasMessageContaining("RFC 1982");
  }

  @Test
  void additionOutsideTheZoneIsAnError() {
    Zone v1 = zone(1, "");
    ZoneDiff bad = new ZoneDiff(v1.soa(), zone(2, "").soa(), List.of(),
        List.of(TestZones.zone(org.xbill.DNS.Name.fromConstantString("example.org."),
            "@ 3600 IN SOA ns1 h 1 1 1 1 1\nx 300 IN A 192.0.2.1\n").records().get(1)));
    assertThatThrownBy(() -> DiffApplier.apply(v1, List.of(bad)))
        .isInstanceOf(DiffException.class).hasMessageContaining("not a valid zone");
  }

  @Test
  void soaIsNotAllowedInsideADiff() {
    Zone v1 = zone(1, "");
    assertThatThrownBy(() -> new ZoneDiff(v1.soa(), v1.soa(), List.of(v1.soa()), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Records with TTLs, owner-case-insensitive, as a comparable set. */
  static Set<String> exact(Zone z) {
    Set<String> out = new HashSet<>();
    for (Record r : z.records()) {
      out.add(r.getName().canonicalize() + " " + r.getTTL() + " " + Type.string(r.getType()) + " "
          + r.rdataToString());
    }
    return out;
  }
}
