package io.tandemdns.server.catalog;

import static io.tandemdns.server.catalog.CatalogSupport.a;
import static io.tandemdns.server.catalog.CatalogSupport.at;
import static io.tandemdns.server.catalog.CatalogSupport.await;
import static io.tandemdns.server.catalog.CatalogSupport.catalog;
import static io.tandemdns.server.catalog.CatalogSupport.catalogFact;
import static io.tandemdns.server.catalog.CatalogSupport.freePort;
import static io.tandemdns.server.catalog.CatalogSupport.holds;
import static io.tandemdns.server.catalog.CatalogSupport.peer;
import static io.tandemdns.server.catalog.CatalogSupport.refused;
import static io.tandemdns.server.catalog.CatalogSupport.serves;
import static io.tandemdns.server.catalog.CatalogSupport.startTandem;
import static io.tandemdns.server.catalog.CatalogSupport.tandemHeader;
import static io.tandemdns.server.catalog.CatalogSupport.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.TandemServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 2 of issue 8: BIND 9.18 serves two hand-written catalog zones ({@code catalog-a.example.},
 * {@code catalog-b.example.}) and the member zones as an ordinary primary, NOTIFY to Tandem.
 * Members are added and removed by editing a catalog file (serial + 1) and SIGHUP; a member moves
 * from A to B only with A's {@code coo} property (RFC 9432 §4.4.1, §5.6).
 */
class BindCatalogTest {
  static final String A = "catalog-a.example.";
  static final String B = "catalog-b.example.";
  static final String[] MEMBERS = {"one.example.", "two.example.", "moved.example."};

  @TempDir Path dir;

  /** BIND with both catalogs (A listing {@code aLines}, B empty) and every member zone. */
  private CatalogBind bind(int tandemPort, String... aLines) throws Exception {
    Path b = dir.resolve("bind");
    CatalogBind.writeZone(b, A, catalog(A, 1, "2", aLines));
    CatalogBind.writeZone(b, B, catalog(B, 1, "2"));
    int www = 31;
    for (String m : MEMBERS) {
      CatalogBind.writeZone(b, m, zone(m, 7, www++));
    }
    return CatalogBind.start(b, tandemPort, A, B, MEMBERS[0], MEMBERS[1], MEMBERS[2]);
  }

  /** Tandem consuming both catalogs; members inherit each catalog's primary (BIND, with the key). */
  private TandemServer tandem(int tandemPort, int bindPort) throws Exception {
    String yaml = tandemHeader(tandemPort, dir.resolve("tandem/state")) + "zones:\n"
        + "  - name: " + A + "\n    role: secondary\n    primaries: " + peer(bindPort) + "\n    catalog: consumer\n"
        + "  - name: " + B + "\n    role: secondary\n    primaries: " + peer(bindPort) + "\n    catalog: consumer\n";
    return startTandem(dir.resolve("tandem"), yaml);
  }

  @Test
  void membersAddedRemovedAndMovedWithCoo() throws Exception {
    int tandemPort = freePort();
    try (CatalogBind bind = bind(tandemPort, "m1.zones PTR one.example.", "mv.zones PTR moved.example.");
        TandemServer tandem = tandem(tandemPort, bind.port)) {
      InetSocketAddress t = at(tandemPort);
      await("Tandem serving A's members one.example. and moved.example.", 30,
          () -> serves(t, "one.example.", 7) && serves(t, "moved.example.", 7), bind::log);
      assertThat(a(t, "www.one.example.")).isEqualTo("NOERROR 192.0.2.31");
      assertThat(refused(t, "two.example.")).as("two.example. not in any catalog yet").isTrue();

      // Added to A (serial 2): BIND's NOTIFY for A → Tandem transfers A, then the new member.
      bind.update(A, 2, catalog(A, 2, "2", "m1.zones PTR one.example.", "mv.zones PTR moved.example.",
          "m2.zones PTR two.example."));
      await("Tandem serving the added member two.example.", 30, () -> serves(t, "two.example.", 7), bind::log);
      assertThat(a(t, "www.two.example.")).isEqualTo("NOERROR 192.0.2.32");

      // Removed from A (serial 3): REFUSED.
      bind.update(A, 3, catalog(A, 3, "2", "mv.zones PTR moved.example.", "m2.zones PTR two.example."));
      await("Tandem refusing the removed member one.example.", 30, () -> refused(t, "one.example."), bind::log);
      assertThat(serves(t, "two.example.", 7)).isTrue();
      assertThat(catalogFact(tandem, "moved.example.")).isEqualTo(A);

      // coo (§4.4.1): A says moved.example. may go to B; then B lists it (another unique label).
      bind.update(A, 4, catalog(A, 4, "2", "mv.zones PTR moved.example.", "coo.mv.zones PTR " + B,
          "m2.zones PTR two.example."));
      awaitCatalogSerial(tandem, t, A, 4, bind);
      bind.update(B, 2, catalog(B, 2, "2", "mvb.zones PTR moved.example."));
      await("moved.example. attributed to " + B, 30, () -> B.equals(catalogFact(tandem, "moved.example.")),
          () -> CatalogSupport.zoneJson(tandem, "moved.example.") + "\n" + bind.log());
      await("moved.example. served after the move", 30, () -> serves(t, "moved.example.", 7), bind::log);

      // A drops it (and the coo): B owns it now, so it keeps being served.
      bind.update(A, 5, catalog(A, 5, "2", "m2.zones PTR two.example."));
      awaitCatalogSerial(tandem, t, A, 5, bind);
      holds("moved.example. still served (owned by B)", 3000, () -> serves(t, "moved.example.", 7));
      assertThat(catalogFact(tandem, "moved.example.")).isEqualTo(B);
    }
  }

  @Test
  void withoutCooAnotherCatalogCannotTakeAMemberOverButGetsItOnceDropped() throws Exception {
    int tandemPort = freePort();
    try (CatalogBind bind = bind(tandemPort, "mv.zones PTR moved.example.", "m1.zones PTR one.example.");
        TandemServer tandem = tandem(tandemPort, bind.port)) {
      InetSocketAddress t = at(tandemPort);
      await("Tandem serving moved.example. from A", 30, () -> serves(t, "moved.example.", 7), bind::log);

      // B claims A's member without A's consent (§5.6: refused, A keeps it).
      bind.update(B, 2, catalog(B, 2, "2", "mvb.zones PTR moved.example."));
      awaitCatalogSerial(tandem, t, B, 2, bind);
      holds("moved.example. served and still A's", 2000,
          () -> serves(t, "moved.example.", 7) && A.equals(catalogFact(tandem, "moved.example.")));

      // A drops it: nothing is taken over any more, B's entry is simply B's member now (a new
      // instance: reset and transferred anew), as if B's version had arrived after A's.
      int transfers = bind.axfrsServed("moved.example.");
      bind.update(A, 2, catalog(A, 2, "2", "m1.zones PTR one.example."));
      await("moved.example. now B's", 30, () -> B.equals(catalogFact(tandem, "moved.example.")), bind::log);
      await("moved.example. transferred anew for B", 30, () -> bind.axfrsServed("moved.example.") > transfers,
          bind::log);
      await("moved.example. served again", 30, () -> serves(t, "moved.example.", 7), bind::log);
      assertThat(serves(t, "one.example.", 7)).isTrue();
    }
  }

  @Test
  void uniqueLabelChangeResetsTheMember() throws Exception {
    int tandemPort = freePort();
    try (CatalogBind bind = bind(tandemPort, "m1.zones PTR one.example.", "m2.zones PTR two.example.")) {
      try (TandemServer tandem = tandem(tandemPort, bind.port)) {
        InetSocketAddress t = at(tandemPort);
        await("members served", 30, () -> serves(t, "one.example.", 7) && serves(t, "two.example.", 7), bind::log);
        int before = bind.axfrsServed("two.example.");
        int beforeOther = bind.axfrsServed("one.example.");
        // §5.4: same member, new unique label → its state is reset: transferred anew in full,
        // though its serial did not change (an unreset secondary would see "up to date").
        bind.update(A, 2, catalog(A, 2, "2", "m1.zones PTR one.example.", "m2new.zones PTR two.example."));
        await("two.example. transferred anew after the label change", 30,
            () -> bind.axfrsServed("two.example.") > before, bind::log);
        await("two.example. served after the reset", 30, () -> serves(t, "two.example.", 7), bind::log);
        assertThat(bind.axfrsServed("one.example.")).as("one.example. kept its label: no reset").isEqualTo(beforeOther);
      }
    }
  }

  /** Waits until Tandem serves {@code catalog} at {@code serial}: the update has been transferred. */
  static void awaitCatalogSerial(TandemServer tandem, InetSocketAddress t, String catalog, long serial,
      CatalogBind bind) throws InterruptedException {
    await("Tandem at " + catalog + " serial " + serial, 30, () -> serves(t, catalog, serial), bind::log);
  }
}
