package io.tandemdns.sync.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.sync.catalog.Membership.Owner;
import io.tandemdns.sync.catalog.Membership.Policy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** The ownership rules of a catalog consumer (RFC 9432 §5), as a table of situations. */
class MembershipTest {
  static final Name A = Name.fromConstantString("cat-a.");
  static final Name B = Name.fromConstantString("cat-b.");
  static final Name Z = Name.fromConstantString("z.example.");
  static final Policy ANY = new Policy(100, List.of());

  static CatalogContent catalog(Name origin, CatalogContent.Member... members) {
    Map<Name, CatalogContent.Member> m = new LinkedHashMap<>();
    for (CatalogContent.Member x : members) {
      m.put(x.zone(), x);
    }
    return new CatalogContent(origin, 1, m, List.of());
  }

  static CatalogContent.Member member(String zone, String unique, Name coo) {
    return new CatalogContent.Member(Name.fromConstantString(zone), unique, null, coo);
  }

  static Map<Name, Policy> both() {
    Map<Name, Policy> p = new LinkedHashMap<>();
    p.put(A, ANY);
    p.put(B, ANY);
    return p;
  }

  @Test
  void addKeepRemove() {
    Membership.Outcome added = Membership.reconcile(Map.of(), Map.of(), both(), Map.of(A, catalog(A, member("z.example.", "u1", null))),
        Set.of());
    assertThat(added.owners()).containsExactly(Map.entry(Z, new Owner(A, "u1", null)));
    assertThat(added.reset()).isEmpty();
    Membership.Outcome kept = Membership.reconcile(added.owners(), Map.of(), both(), Map.of(), Set.of());
    assertThat(kept.owners()).isEqualTo(added.owners()); // catalog not (yet) usable: keep
    Membership.Outcome removed = Membership.reconcile(added.owners(), Map.of(), both(), Map.of(A, catalog(A)), Set.of());
    assertThat(removed.owners()).isEmpty();
    Map<Name, Policy> onlyB = Map.of(B, ANY);
    assertThat(Membership.reconcile(added.owners(), Map.of(), onlyB, Map.of(), Set.of()).owners()).isEmpty();
  }

  @Test
  void newUniqueLabelIsAReset() {
    Map<Name, Owner> prev = Map.of(Z, new Owner(A, "u1", null));
    Membership.Outcome o = Membership.reconcile(prev, Map.of(), both(), Map.of(A, catalog(A, member("z.example.", "u2", null))),
        Set.of());
    assertThat(o.owners().get(Z)).isEqualTo(new Owner(A, "u2", null));
    assertThat(o.reset()).containsExactly(Z);
  }

  @Test
  void secondCatalogTakesOverOnlyWithCoo() {
    Map<Name, Owner> prev = Map.of(Z, new Owner(A, "u1", null));
    Membership.Outcome refused = Membership.reconcile(prev, Map.of(), both(), Map.of(
        A, catalog(A, member("z.example.", "u1", null)), B, catalog(B, member("z.example.", "u1", null))), Set.of());
    assertThat(refused.owners().get(Z).catalog()).isEqualTo(A);
    assertThat(refused.refused()).singleElement().asString().contains("already served from catalog cat-a.");

    Membership.Outcome moved = Membership.reconcile(prev, Map.of(), both(), Map.of(
        A, catalog(A, member("z.example.", "u1", B)), B, catalog(B, member("z.example.", "u1", null))), Set.of());
    assertThat(moved.owners().get(Z)).isEqualTo(new Owner(B, "u1", null));
    assertThat(moved.reset()).isEmpty(); // same unique label: state kept

    Membership.Outcome movedReset = Membership.reconcile(prev, Map.of(), both(), Map.of(
        A, catalog(A, member("z.example.", "u1", B)), B, catalog(B, member("z.example.", "u9", null))), Set.of());
    assertThat(movedReset.owners().get(Z)).isEqualTo(new Owner(B, "u9", null));
    assertThat(movedReset.reset()).containsExactly(Z);

    // coo pointing elsewhere does not let B in.
    Membership.Outcome wrongCoo = Membership.reconcile(prev, Map.of(), both(), Map.of(
        A, catalog(A, member("z.example.", "u1", Name.fromConstantString("cat-c."))),
        B, catalog(B, member("z.example.", "u1", null))), Set.of());
    assertThat(wrongCoo.owners().get(Z).catalog()).isEqualTo(A);
  }

  @Test
  void aMemberBackAsAnotherInstanceIsReset() {
    Map<Name, Owner> former = Map.of(Z, new Owner(A, "u1", null));
    Membership.Outcome same = Membership.reconcile(Map.of(), former, both(),
        Map.of(A, catalog(A, member("z.example.", "u1", null))), Set.of());
    assertThat(same.reset()).isEmpty(); // back within its grace as the same instance: copy reused
    Membership.Outcome other = Membership.reconcile(Map.of(), former, both(),
        Map.of(A, catalog(A), B, catalog(B, member("z.example.", "u1", null))), Set.of());
    assertThat(other.owners().get(Z).catalog()).isEqualTo(B);
    assertThat(other.reset()).containsExactly(Z);
    // Dropped by its owner in the same round and listed by another catalog: that one's member now.
    Membership.Outcome taken = Membership.reconcile(Map.of(Z, new Owner(A, "u1", null)), Map.of(), both(),
        Map.of(A, catalog(A), B, catalog(B, member("z.example.", "u5", null))), Set.of());
    assertThat(taken.owners().get(Z)).isEqualTo(new Owner(B, "u5", null));
    assertThat(taken.reset()).containsExactly(Z);
  }

  @Test
  void staticZonesSuffixesAndLimits() {
    Map<Name, Policy> p = new LinkedHashMap<>();
    p.put(A, new Policy(2, List.of(Name.fromConstantString("customers.example."))));
    CatalogContent a = catalog(A, member("static.customers.example.", "u0", null),
        member("x.customers.example.", "u1", null), member("elsewhere.example.", "u2", null),
        member("y.customers.example.", "u3", null), member("w.customers.example.", "u4", null));
    Membership.Outcome o = Membership.reconcile(Map.of(), Map.of(), p, Map.of(A, a),
        Set.of(Name.fromConstantString("static.customers.example.")));
    assertThat(o.owners()).containsOnlyKeys(Name.fromConstantString("x.customers.example."),
        Name.fromConstantString("y.customers.example."));
    assertThat(String.join("\n", o.refused())).contains("static configuration", "outside catalog-member-suffixes",
        "exceeds catalog-max-members 2");
    // A zone later added to the static configuration is dropped from the catalog's members.
    Membership.Outcome later = Membership.reconcile(o.owners(), Map.of(), p, Map.of(A, a),
        Set.of(Name.fromConstantString("x.customers.example.")));
    assertThat(later.owners()).doesNotContainKey(Name.fromConstantString("x.customers.example."));
  }

  @Test
  void stateFileRoundTrip(@TempDir Path dir) throws Exception {
    MembershipStore store = new MembershipStore(dir);
    assertThat(store.load()).isEqualTo(MembershipStore.State.EMPTY);
    Map<Name, Owner> owners = new LinkedHashMap<>();
    owners.put(Z, new Owner(A, "u1", "gold plan"));
    owners.put(Name.fromConstantString("y.example."), new Owner(B, "abc", null));
    MembershipStore.State s = new MembershipStore.State(owners,
        Map.of(Name.fromConstantString("gone.example."),
            new MembershipStore.Removed(new Owner(A, "u7", null), Instant.ofEpochMilli(1234))));
    store.save(s);
    assertThat(store.load()).isEqualTo(s);
    java.nio.file.Files.writeString(store.file(), "member broken\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(store::load).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining(":1: not a membership line");
  }
}
