package io.tandemdns.server.catalog;

import static io.tandemdns.server.catalog.CatalogSupport.at;
import static io.tandemdns.server.catalog.CatalogSupport.axfr;
import static io.tandemdns.server.catalog.CatalogSupport.await;
import static io.tandemdns.server.catalog.CatalogSupport.catalog;
import static io.tandemdns.server.catalog.CatalogSupport.freePort;
import static io.tandemdns.server.catalog.CatalogSupport.members;
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
 * Scenario 4 of issue 8, the chain: BIND primary with a hand-written catalog → Tandem (consumer of
 * BIND's catalog, producer {@code catalog.tandem.} of the secondaries it got from it) → Knot 3.2
 * consumer of {@code catalog.tandem.}, pulling the members from Tandem. A member added on BIND
 * ends up served by Knot.
 */
class CatalogChainTest {
  static final String UP = "catalog-up.example.";
  static final String DOWN = "catalog.tandem.";

  @TempDir Path dir;

  @Test
  void memberAddedOnBindReachesKnotThroughTandem() throws Exception {
    int tandemPort = freePort();
    int knotPort = freePort();
    Path b = dir.resolve("bind");
    CatalogBind.writeZone(b, UP, catalog(UP, 1, "2", "m1.zones PTR one.example."));
    CatalogBind.writeZone(b, "one.example.", zone("one.example.", 3, 51));
    CatalogBind.writeZone(b, "two.example.", zone("two.example.", 4, 52));
    String toKnot = "    allow-transfer: [ \"127.0.0.1 key " + CatalogSupport.KEY + "\" ]\n"
        + "    notify: " + peer(knotPort) + "\n";
    try (CatalogBind bind = CatalogBind.start(b, tandemPort, UP, "one.example.", "two.example.")) {
      // Members: pulled from BIND, given out to Knot (allow-transfer + NOTIFY through the template).
      String yaml = tandemHeader(tandemPort, dir.resolve("tandem/state"))
          + "templates:\n  - name: relay\n    primaries: " + peer(bind.port) + "\n" + toKnot
          + "zones:\n"
          + "  - name: " + UP + "\n    role: secondary\n    primaries: " + peer(bind.port) + "\n"
          + "    catalog: consumer\n    catalog-templates: [relay]\n"
          + "  - name: " + DOWN + "\n    catalog: producer\n" + toKnot;
      try (TandemServer tandem = startTandem(dir.resolve("tandem"), yaml);
          CatalogKnot knot = CatalogKnot.start(dir.resolve("knot"), knotPort,
              KnotConfigs.interpreter(DOWN, tandemPort))) {
        InetSocketAddress t = at(tandemPort);
        InetSocketAddress k = knot.address();
        await("Tandem serving one.example. from BIND's catalog", 30, () -> serves(t, "one.example.", 3), bind::log);
        await("Knot serving one.example. through Tandem's catalog", 30, () -> serves(k, "one.example.", 3),
            knot::log);
        // Tandem's catalog lists the member it pulled, not the upstream catalog zone itself.
        assertThat(members(axfr(t, DOWN, true))).containsExactly("one.example.");

        bind.update(UP, 2, catalog(UP, 2, "2", "m1.zones PTR one.example.", "m2.zones PTR two.example."));
        await("Tandem serving two.example.", 30, () -> serves(t, "two.example.", 4), bind::log);
        await("Knot serving two.example. (BIND → Tandem → Knot)", 30, () -> serves(k, "two.example.", 4),
            knot::log);
        assertThat(members(axfr(t, DOWN, true))).containsExactly("one.example.", "two.example.");

        // Removal travels down the chain as well.
        bind.update(UP, 3, catalog(UP, 3, "2", "m2.zones PTR two.example."));
        await("Knot dropping one.example.", 30, () -> refused(k, "one.example."), knot::log);
        assertThat(refused(t, "one.example.")).isTrue();
        assertThat(serves(k, "two.example.", 4)).isTrue();
      }
    }
  }
}
