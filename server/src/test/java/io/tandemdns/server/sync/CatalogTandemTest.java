package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;
import static io.tandemdns.server.sync.SyncTestSupport.await;
import static io.tandemdns.server.sync.SyncTestSupport.freePort;
import static io.tandemdns.server.sync.SyncTestSupport.serial;
import static io.tandemdns.server.sync.SyncTestSupport.startTandem;
import static io.tandemdns.server.sync.SyncTestSupport.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.TandemServer;
import io.tandemdns.sync.catalog.CatalogProducer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Catalog zones between two Tandem servers (issue 8): a producer generated from the primary's
 * zones, a consumer that turns its members into secondaries; membership changes on reload
 * propagate by NOTIFY + IXFR; the consumer keeps serving its members after a restart with the
 * primary down.
 */
class CatalogTandemTest {
  static final Name CATALOG = Name.fromConstantString("catalog.test.");
  static final Name A1 = Name.fromConstantString("a1.test.");
  static final Name A2 = Name.fromConstantString("a2.test.");
  static final Name A3 = Name.fromConstantString("a3.test.");

  @TempDir Path dir;

  private static String primaryYaml(int port, int consumerPort, Name... zones) {
    StringBuilder sb = new StringBuilder("listen: [\"127.0.0.1:" + port + "\"]\nstate-dir: state\nzones:\n");
    for (Name z : zones) {
      sb.append("  - name: ").append(z).append("\n    file: ").append(z).append("zone\n")
          .append("    allow-transfer: [ \"127.0.0.1\" ]\n")
          .append(z.equals(A2) ? "    catalog-group: premium\n" : "");
    }
    sb.append("  - name: ").append(CATALOG).append("\n    catalog: producer\n")
        .append("    allow-transfer: [ \"127.0.0.1\" ]\n")
        .append("    notify: [ \"127.0.0.1:").append(consumerPort).append("\" ]\n");
    return sb.toString();
  }

  private static String consumerYaml(int port, int primaryPort) {
    return "listen: [\"127.0.0.1:" + port + "\"]\nstate-dir: state\n"
        + "sync:\n  refresh-min: 1\n  retry-min: 1\n  retry-max: 2\n"
        + "zones:\n  - name: " + CATALOG + "\n    role: secondary\n    catalog: consumer\n"
        + "    primaries: [ \"127.0.0.1:" + primaryPort + "\" ]\n"
        + "    catalog-removal-grace: 1s\n";
  }

  @Test
  void producerToConsumerFollowsMembershipChanges() throws Exception {
    int pPort = freePort();
    int cPort = freePort();
    Path pDir = dir.resolve("p");
    Files.createDirectories(pDir);
    for (Name z : new Name[] {A1, A2, A3}) {
      Files.writeString(pDir.resolve(z + "zone"), zone(z.toString(), 7));
    }
    InetSocketAddress p = new InetSocketAddress(LO, pPort);
    InetSocketAddress c = new InetSocketAddress(LO, cPort);
    long lastCatalogSerial = -1;
    try (TandemServer consumer = startTandem(dir.resolve("c"), consumerYaml(cPort, pPort))) {
      try (TandemServer primary = startTandem(pDir, primaryYaml(pPort, cPort, A1, A2))) {
        TreeSet<String> catalog = SyncTestSupport.axfr(p, CATALOG, null);
        String u1 = CatalogProducer.uniqueLabel(A1);
        String u2 = CatalogProducer.uniqueLabel(A2);
        assertThat(catalog).contains("version.catalog.test. 0 IN TXT \"2\"",
            u1 + ".zones.catalog.test. 0 IN PTR a1.test.", u2 + ".zones.catalog.test. 0 IN PTR a2.test.",
            "group." + u2 + ".zones.catalog.test. 0 IN TXT \"premium\"");
        assertThat(catalog.stream().filter(l -> l.contains(" PTR ")).count()).isEqualTo(2);

        await("consumer serving both members", 15,
            () -> Long.valueOf(7).equals(serial(c, A1)) && Long.valueOf(7).equals(serial(c, A2)));
        assertThat(serial(c, A3)).isEqualTo((long) -Rcode.REFUSED);

        // A zone added on the primary: the catalog gets a new serial, NOTIFY, and the consumer follows.
        long before = serial(p, CATALOG);
        Files.writeString(pDir.resolve("tandem.yaml"), primaryYaml(pPort, cPort, A1, A2, A3));
        primary.reconfigure();
        assertThat(serial(p, CATALOG)).isGreaterThan(before);
        await("consumer serving the new member", 15, () -> Long.valueOf(7).equals(serial(c, A3)));
        assertThat(primary.sync().journal(CATALOG).size()).isGreaterThanOrEqualTo(1);
        assertThat(consumer.sync().incrementalTransfers()).isGreaterThanOrEqualTo(1);

        // A zone removed: the consumer stops serving it; its persisted copy goes after the grace.
        Path copy = dir.resolve("c/state/a1.test.zone");
        assertThat(copy).exists();
        Files.writeString(pDir.resolve("tandem.yaml"), primaryYaml(pPort, cPort, A2, A3));
        primary.reconfigure();
        await("member removed", 15, () -> Long.valueOf(-Rcode.REFUSED).equals(serial(c, A1)));
        await("removed member's copy deleted", 15, () -> !Files.exists(copy));
        assertThat(Long.valueOf(7)).isEqualTo(serial(c, A2));
        assertThat(consumer.sync().catalogFacts(A2)).containsEntry("catalog", CATALOG.toString());
        String metrics = new String(consumer.operations().metrics().scrape(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(metrics).contains("tandem_catalog_members{catalog=\"catalog.test.\"} 2.0");
        lastCatalogSerial = serial(p, CATALOG);
      }
    }
    // Primary down, consumer restarted: members come back from their persisted copies at once.
    try (TandemServer consumer = startTandem(dir.resolve("c"), consumerYaml(cPort, pPort))) {
      assertThat(serial(c, A2)).isEqualTo(7L);
      assertThat(serial(c, A3)).isEqualTo(7L);
      assertThat(serial(c, A1)).isEqualTo((long) -Rcode.REFUSED);
    }
    // The primary restarted with the same zones keeps its catalog serial (persisted).
    try (TandemServer primary = startTandem(pDir, primaryYaml(pPort, cPort, A2, A3))) {
      // Same members as when it stopped: the persisted version, same serial, same IXFR history.
      assertThat(serial(p, CATALOG)).isEqualTo(lastCatalogSerial);
      assertThat(primary.sync().journal(CATALOG).size()).isGreaterThanOrEqualTo(2);
    }
  }
}
