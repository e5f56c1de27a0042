package io.tandemdns.server.catalog;

import static io.tandemdns.server.catalog.CatalogSupport.axfr;
import static io.tandemdns.server.catalog.CatalogSupport.await;
import static io.tandemdns.server.catalog.CatalogSupport.catalog;
import static io.tandemdns.server.catalog.CatalogSupport.members;
import static io.tandemdns.server.catalog.CatalogSupport.serves;
import static io.tandemdns.server.catalog.CatalogSupport.zone;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference-server side of the catalog scenarios on its own, without Tandem: proves that the
 * launchers and configurations the Tandem tests rely on behave as assumed (Knot 3.2 generating a
 * catalog with group properties, Knot interpreting one, BIND serving hand-written catalogs and
 * picking up edits on SIGHUP). When one of these fails, the Tandem tests' failures mean nothing.
 */
class ReferenceCatalogTest {
  @TempDir Path dir;

  @Test
  void knotGeneratesACatalogAndAnotherKnotInterpretsIt() throws Exception {
    int producerPort = CatalogSupport.freePort();
    int consumerPort = CatalogSupport.freePort();
    Path p = dir.resolve("producer");
    CatalogKnot.writeZone(p, "one.knot.", zone("one.knot.", 1, 11));
    CatalogKnot.writeZone(p, "two.knot.", zone("two.knot.", 1, 12));
    CatalogKnot.writeZone(p, "three.knot.", zone("three.knot.", 1, 13));
    try (CatalogKnot producer = CatalogKnot.start(p, producerPort,
        KnotConfigs.producer(consumerPort, "one.knot.", "two.knot.:premium"))) {
      await("knot producer serving the members", 15,
          () -> serves(producer.address(), "one.knot.", 1) && serves(producer.address(), "two.knot.", 1),
          producer::log);

      TreeSet<String> cat = axfr(producer.address(), "catalog.knot.", true);
      System.out.println("Knot 3.2 generated catalog:\n  " + String.join("\n  ", cat));
      assertThat(cat).contains("version.catalog.knot. 0 IN TXT \"2\"");
      assertThat(members(cat)).containsExactly("one.knot.", "two.knot.");
      // §4.4.2 group property generated from catalog-group; unique labels are 16 hex digits.
      assertThat(cat).anyMatch(l -> l.matches("group\\.[0-9a-f]{16}\\.zones\\.catalog\\.knot\\. 0 IN TXT \"premium\""));

      try (CatalogKnot consumer = CatalogKnot.start(dir.resolve("consumer"), consumerPort,
          KnotConfigs.interpreter("catalog.knot.", producerPort))) {
        await("knot consumer serving the members", 20,
            () -> serves(consumer.address(), "one.knot.", 1) && serves(consumer.address(), "two.knot.", 1),
            consumer::log);

        producer.reconfigure(KnotConfigs.producer(consumerPort, "one.knot.", "two.knot.:premium", "three.knot."));
        await("catalog lists three.knot.", 15,
            () -> members(axfrQuiet(producer, "catalog.knot.")).contains("three.knot."), producer::log);
        // The producer's NOTIFY for the catalog makes the consumer pick up the new member.
        await("knot consumer serving three.knot.", 20, () -> serves(consumer.address(), "three.knot.", 1),
            consumer::log);

        producer.reconfigure(KnotConfigs.producer(consumerPort, "two.knot.:premium", "three.knot."));
        await("knot consumer dropping one.knot.", 20, () -> CatalogSupport.refused(consumer.address(), "one.knot."),
            consumer::log);
      }
    }
  }

  @Test
  void bindServesHandWrittenCatalogsAndReloadsEdits() throws Exception {
    Path b = dir.resolve("bind");
    CatalogBind.writeZone(b, "catalog-a.example.", catalog("catalog-a.example.", 1, "2", "m1.zones PTR one.example."));
    CatalogBind.writeZone(b, "one.example.", zone("one.example.", 1, 21));
    try (CatalogBind bind = CatalogBind.start(b, CatalogSupport.freePort(), "catalog-a.example.", "one.example.")) {
      TreeSet<String> cat = axfr(bind.address(), "catalog-a.example.", true);
      assertThat(members(cat)).containsExactly("one.example.");
      // Unsigned transfer: refused by BIND (the tests' catalogs are only given out with the key).
      assertThat(axfr(bind.address(), "catalog-a.example.", false)).isEmpty();

      bind.update("catalog-a.example.", 2,
          catalog("catalog-a.example.", 2, "2", "m1.zones PTR one.example.", "m2.zones PTR two.example."));
      assertThat(members(axfr(bind.address(), "catalog-a.example.", true))).containsExactly("one.example.",
          "two.example.");
      // A second edit right after the first is picked up too (file times are forced forward).
      bind.update("catalog-a.example.", 3, catalog("catalog-a.example.", 3, "2", "m2.zones PTR two.example."));
      assertThat(members(axfr(bind.address(), "catalog-a.example.", true))).containsExactly("two.example.");
    }
  }

  private static TreeSet<String> axfrQuiet(CatalogKnot k, String zone) {
    try {
      return axfr(k.address(), zone, true);
    } catch (Exception e) {
      return new TreeSet<>();
    }
  }
}
