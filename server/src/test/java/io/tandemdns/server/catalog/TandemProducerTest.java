package io.tandemdns.server.catalog;

import static io.tandemdns.server.catalog.CatalogSupport.at;
import static io.tandemdns.server.catalog.CatalogSupport.axfr;
import static io.tandemdns.server.catalog.CatalogSupport.await;
import static io.tandemdns.server.catalog.CatalogSupport.freePort;
import static io.tandemdns.server.catalog.CatalogSupport.members;
import static io.tandemdns.server.catalog.CatalogSupport.peer;
import static io.tandemdns.server.catalog.CatalogSupport.refused;
import static io.tandemdns.server.catalog.CatalogSupport.serial;
import static io.tandemdns.server.catalog.CatalogSupport.serves;
import static io.tandemdns.server.catalog.CatalogSupport.tandemHeader;
import static io.tandemdns.server.catalog.CatalogSupport.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ConfigFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3 of issue 8: Tandem produces {@code catalog.tandem.} from its primary zones; Knot 3.2
 * ({@code catalog-role: interpret}) consumes it and pulls the members from Tandem. A zone added to
 * Tandem's configuration (hot reconfiguration) appears on Knot, a removed one disappears.
 */
class TandemProducerTest {
  static final String CATALOG = "catalog.tandem.";

  @TempDir Path dir;

  private static String yaml(int port, Path state, int knotPort, String... zones) {
    StringBuilder sb = new StringBuilder(tandemHeader(port, state)).append("zones:\n");
    String acl = "    allow-transfer: [ \"127.0.0.1 key " + CatalogSupport.KEY + "\" ]\n"
        + "    notify: " + peer(knotPort) + "\n";
    for (String z : zones) {
      sb.append("  - name: ").append(z).append("\n    file: ").append(z).append("zone\n").append(acl);
      if (z.startsWith("p2.")) {
        sb.append("    catalog-group: premium\n");
      }
    }
    sb.append("  - name: ").append(CATALOG).append("\n    catalog: producer\n").append(acl);
    return sb.toString();
  }

  @Test
  void knotInterpretsTandemsCatalog() throws Exception {
    int tandemPort = freePort();
    int knotPort = freePort();
    Path td = dir.resolve("tandem");
    Files.createDirectories(td);
    for (String z : new String[] {"p1.tandem.", "p2.tandem.", "p3.tandem."}) {
      Files.writeString(td.resolve(z + "zone"), zone(z, 5, 40 + z.charAt(1) - '0'));
    }
    Path conf = td.resolve("tandem.yaml");
    Path state = td.resolve("state");
    Files.writeString(conf, yaml(tandemPort, state, knotPort, "p1.tandem.", "p2.tandem."));
    try (TandemServer tandem = TandemServer.start(ConfigFile.read(conf));
        CatalogKnot knot = CatalogKnot.start(dir.resolve("knot"), knotPort,
            KnotConfigs.interpreter(CATALOG, tandemPort))) {
      InetSocketAddress t = at(tandemPort);
      InetSocketAddress k = knot.address();

      // What Tandem generates (RFC 9432 §4): version 2, NS invalid., one PTR per zone, group TXT.
      TreeSet<String> cat = axfr(t, CATALOG, true);
      System.out.println("Tandem generated catalog:\n  " + String.join("\n  ", cat));
      assertThat(cat).anyMatch(l -> l.matches("version\\." + CATALOG.replace(".", "\\.") + " \\d+ IN TXT \"2\""));
      assertThat(cat).anyMatch(l -> l.matches(CATALOG.replace(".", "\\.") + " \\d+ IN NS invalid\\."));
      assertThat(members(cat)).containsExactly("p1.tandem.", "p2.tandem.");
      assertThat(cat).anyMatch(l -> l.matches("group\\.[^.]+\\.zones\\." + CATALOG.replace(".", "\\.")
          + " \\d+ IN TXT \"premium\""));
      Set<String> labelsBefore = ptrLines(cat);
      long serialBefore = serial(t, CATALOG);

      await("Knot serving Tandem's members", 30,
          () -> serves(k, "p1.tandem.", 5) && serves(k, "p2.tandem.", 5), knot::log);
      assertThat(refused(k, "p3.tandem.")).isTrue();

      // Add p3 to Tandem's config and reconfigure: serial bump + NOTIFY → Knot serves p3 too.
      Files.writeString(conf, yaml(tandemPort, state, knotPort, "p1.tandem.", "p2.tandem.", "p3.tandem."));
      assertThat(tandem.reconfigure().ok()).isTrue();
      await("Knot serving the added zone p3.tandem.", 30, () -> serves(k, "p3.tandem.", 5), knot::log);
      TreeSet<String> after = axfr(t, CATALOG, true);
      assertThat(members(after)).containsExactly("p1.tandem.", "p2.tandem.", "p3.tandem.");
      assertThat(serial(t, CATALOG)).as("catalog serial grew").isGreaterThan(serialBefore);
      // Stable unique labels: the existing members keep theirs.
      assertThat(ptrLines(after)).containsAll(labelsBefore);

      // Remove p1: it leaves the catalog and Knot stops serving it.
      Files.writeString(conf, yaml(tandemPort, state, knotPort, "p2.tandem.", "p3.tandem."));
      assertThat(tandem.reconfigure().ok()).isTrue();
      await("Knot dropping the removed zone p1.tandem.", 30, () -> refused(k, "p1.tandem."), knot::log);
      assertThat(serves(k, "p2.tandem.", 5)).isTrue();
    }
  }

  /** The PTR lines (owner with unique label + member) of a catalog AXFR, TTL left out. */
  static Set<String> ptrLines(TreeSet<String> cat) {
    return cat.stream().filter(l -> l.contains(" IN PTR ")).map(l -> l.replaceFirst(" \\d+ IN ", " IN "))
        .collect(Collectors.toSet());
  }
}
