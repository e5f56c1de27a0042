package io.tandemdns.server.catalog;

import static io.tandemdns.server.catalog.CatalogSupport.a;
import static io.tandemdns.server.catalog.CatalogSupport.at;
import static io.tandemdns.server.catalog.CatalogSupport.axfr;
import static io.tandemdns.server.catalog.CatalogSupport.await;
import static io.tandemdns.server.catalog.CatalogSupport.catalogFact;
import static io.tandemdns.server.catalog.CatalogSupport.freePort;
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
 * Scenario 1 of issue 8: Knot 3.2 generates catalog {@code catalog.knot.} ({@code catalog-role:
 * generate}) from its member zones; Tandem consumes it (TSIG, NOTIFY from Knot) and serves the
 * members. Members come and go on Knot (knot.conf rewritten + {@code knotc reload}), a member's
 * group property (RFC 9432 §4.4.2) selects a Tandem template.
 */
class KnotProducerTest {
  @TempDir Path dir;

  @Test
  void tandemServesWhatKnotsCatalogLists() throws Exception {
    int knotPort = freePort();
    int tandemPort = freePort();
    Path k = dir.resolve("knot");
    CatalogKnot.writeZone(k, "one.knot.", zone("one.knot.", 1, 11));
    CatalogKnot.writeZone(k, "two.knot.", zone("two.knot.", 1, 12));
    CatalogKnot.writeZone(k, "three.knot.", zone("three.knot.", 1, 13));
    // Two templates with the same primary: "premium" (the group of two.knot.) also allows
    // transfers out, so which template a member got is visible from outside.
    String yaml = tandemHeader(tandemPort, dir.resolve("tandem/state"))
        + "templates:\n"
        + "  - name: provider\n    primaries: " + peer(knotPort) + "\n"
        + "  - name: premium\n    primaries: " + peer(knotPort) + "\n"
        + "    allow-transfer: [ \"127.0.0.1 key " + CatalogSupport.KEY + "\" ]\n"
        + "zones:\n"
        + "  - name: catalog.knot.\n    role: secondary\n    primaries: " + peer(knotPort) + "\n"
        + "    catalog: consumer\n    catalog-templates: [provider, premium]\n";
    try (CatalogKnot knot = CatalogKnot.start(k, knotPort, KnotConfigs.producer(tandemPort, "one.knot.",
        "two.knot.:premium"));
        TandemServer tandem = startTandem(dir.resolve("tandem"), yaml)) {
      InetSocketAddress t = at(tandemPort);
      java.util.function.Supplier<String> context = () -> "Tandem: " + CatalogSupport.zoneJson(tandem, "catalog.knot.")
          + "\nKnot:\n" + CatalogSupport.tail(knot.log(), 25);
      await("Tandem serving one.knot. and two.knot. from Knot's catalog", 30,
          () -> serves(t, "one.knot.", 1) && serves(t, "two.knot.", 1), context);
      assertThat(a(t, "www.one.knot.")).isEqualTo("NOERROR 192.0.2.11");
      assertThat(a(t, "www.two.knot.")).isEqualTo("NOERROR 192.0.2.12");
      assertThat(refused(t, "three.knot.")).as("three.knot. is not in the catalog yet").isTrue();

      // Group "premium" → template premium (transfers allowed); no group → provider (none).
      assertThat(axfr(t, "two.knot.", true)).as("AXFR of a premium member").isNotEmpty();
      assertThat(axfr(t, "one.knot.", true)).as("AXFR of a default-template member").isEmpty();

      // A member added on Knot: Knot's catalog NOTIFY makes Tandem add and transfer it.
      knot.reconfigure(KnotConfigs.producer(tandemPort, "one.knot.", "two.knot.:premium", "three.knot."));
      await("Tandem serving the added member three.knot.", 30, () -> serves(t, "three.knot.", 1), context);
      assertThat(a(t, "www.three.knot.")).isEqualTo("NOERROR 192.0.2.13");

      // A member's own update reaches Tandem by the member's NOTIFY (the template's primary).
      knot.writeZone("two.knot.", zone("two.knot.", 2, 22));
      knot.knotc("zone-reload", "two.knot.");
      await("Tandem serving two.knot. serial 2", 30, () -> serves(t, "two.knot.", 2), context);
      assertThat(a(t, "www.two.knot.")).isEqualTo("NOERROR 192.0.2.22");

      // A member removed on Knot: no longer served, REFUSED like any unknown zone.
      knot.reconfigure(KnotConfigs.producer(tandemPort, "two.knot.:premium", "three.knot."));
      await("Tandem refusing the removed member one.knot.", 30, () -> refused(t, "one.knot."), context);
      assertThat(serves(t, "three.knot.", 1)).isTrue();
      assertThat(serves(t, "two.knot.", 2)).isTrue();

      // The control API says where a member came from.
      assertThat(catalogFact(tandem, "three.knot.")).as("catalog fact of three.knot.: %s",
          CatalogSupport.zoneJson(tandem, "three.knot.")).isEqualTo("catalog.knot.");
      assertThat(CatalogSupport.zoneJson(tandem, "three.knot.")).contains("\"role\":\"secondary\"");
    }
  }
}
