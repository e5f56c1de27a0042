package io.tandemdns.server.catalog;

import static io.tandemdns.server.catalog.CatalogSupport.a;
import static io.tandemdns.server.catalog.CatalogSupport.at;
import static io.tandemdns.server.catalog.CatalogSupport.await;
import static io.tandemdns.server.catalog.CatalogSupport.catalog;
import static io.tandemdns.server.catalog.CatalogSupport.catalogFact;
import static io.tandemdns.server.catalog.CatalogSupport.freePort;
import static io.tandemdns.server.catalog.CatalogSupport.holds;
import static io.tandemdns.server.catalog.CatalogSupport.peer;
import static io.tandemdns.server.catalog.CatalogSupport.persisted;
import static io.tandemdns.server.catalog.CatalogSupport.refused;
import static io.tandemdns.server.catalog.CatalogSupport.serves;
import static io.tandemdns.server.catalog.CatalogSupport.startTandem;
import static io.tandemdns.server.catalog.CatalogSupport.tandemHeader;
import static io.tandemdns.server.catalog.CatalogSupport.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.TandemServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios 6 and 7 of issue 8: catalog membership survives a restart even with the primary
 * gone (members answer from their persisted copies at once), and a removed member's persisted
 * files are deleted after {@code catalog-removal-grace} — and not before, for a catalog with the
 * default grace of an hour.
 */
class CatalogPersistenceTest {
  static final String A = "catalog-a.example.";
  static final String B = "catalog-b.example.";

  @TempDir Path dir;

  private CatalogBind bind(int tandemPort) throws Exception {
    Path b = dir.resolve("bind");
    CatalogBind.writeZone(b, A, catalog(A, 1, "2", "m1.zones PTR one.example.", "m2.zones PTR two.example."));
    CatalogBind.writeZone(b, B, catalog(B, 1, "2", "m3.zones PTR three.example."));
    CatalogBind.writeZone(b, "one.example.", zone("one.example.", 11, 71));
    CatalogBind.writeZone(b, "two.example.", zone("two.example.", 12, 72));
    CatalogBind.writeZone(b, "three.example.", zone("three.example.", 13, 73));
    CatalogBind.writeZone(b, "four.example.", zone("four.example.", 14, 74));
    return CatalogBind.start(b, tandemPort, A, B, "one.example.", "two.example.", "three.example.", "four.example.");
  }

  private String yaml(int tandemPort, int bindPort, String graceA) {
    return tandemHeader(tandemPort, dir.resolve("tandem/state")) + "zones:\n"
        + "  - name: " + A + "\n    role: secondary\n    primaries: " + peer(bindPort) + "\n    catalog: consumer\n"
        + (graceA == null ? "" : "    catalog-removal-grace: " + graceA + "\n")
        + "  - name: " + B + "\n    role: secondary\n    primaries: " + peer(bindPort) + "\n    catalog: consumer\n";
  }

  @Test
  void afterARestartMembersAnswerFromPersistedCopiesWithThePrimaryDown() throws Exception {
    int tandemPort = freePort();
    String yaml;
    try (CatalogBind bind = bind(tandemPort)) {
      yaml = yaml(tandemPort, bind.port, null);
      try (TandemServer tandem = startTandem(dir.resolve("tandem"), yaml)) {
        InetSocketAddress t = at(tandemPort);
        await("members transferred", 30, () -> serves(t, "one.example.", 11) && serves(t, "two.example.", 12)
            && serves(t, "three.example.", 13), bind::log);
      }
    } // Tandem stopped first, then BIND: nothing can be transferred any more.

    Path state = dir.resolve("tandem/state");
    assertThat(Files.exists(state.resolve("catalog-members.state")))
        .as("membership persisted in %s", state).isTrue();
    try (TandemServer again = startTandem(dir.resolve("tandem"), yaml)) {
      InetSocketAddress t = at(tandemPort);
      // "At once": persisted copies are loaded at start; a short bound covers thread start-up only.
      await("members served again from the state dir", 5, () -> serves(t, "one.example.", 11)
          && serves(t, "two.example.", 12) && serves(t, "three.example.", 13));
      assertThat(a(t, "www.two.example.")).isEqualTo("NOERROR 192.0.2.72");
      assertThat(refused(t, "four.example.")).as("never a member").isTrue();
      assertThat(catalogFact(again, "three.example.")).isEqualTo(B);
      holds("members keep being served with the primary down", 2000,
          () -> serves(t, "one.example.", 11) && serves(t, "three.example.", 13));
    }
  }

  @Test
  void removedMembersFilesGoAfterTheGracePeriodOnly() throws Exception {
    int tandemPort = freePort();
    Path state = dir.resolve("tandem/state");
    try (CatalogBind bind = bind(tandemPort);
        TandemServer tandem = startTandem(dir.resolve("tandem"), yaml(tandemPort, bind.port, "1s"))) {
      InetSocketAddress t = at(tandemPort);
      await("members transferred", 30, () -> serves(t, "one.example.", 11) && serves(t, "two.example.", 12)
          && serves(t, "three.example.", 13), bind::log);
      await("persisted copies written", 10, () -> hasCopy(state, "one.example.") && hasCopy(state, "two.example.")
          && hasCopy(state, "three.example."), () -> listing(state));

      // one.example. leaves A (grace 1 s), three.example. leaves B (default grace 1 h).
      bind.update(A, 2, catalog(A, 2, "2", "m2.zones PTR two.example."));
      bind.update(B, 2, catalog(B, 2, "2"));
      await("removed members refused", 30, () -> refused(t, "one.example.") && refused(t, "three.example."),
          bind::log);
      await("one.example.'s persisted files deleted after the 1 s grace", 10,
          () -> persistedQuiet(state, "one.example.") == 0, () -> listing(state));
      assertThat(hasCopy(state, "three.example.")).as("three.example. within its 1 h grace: %s", listing(state))
          .isTrue();
      assertThat(hasCopy(state, "two.example.")).as("two.example. still a member").isTrue();
      assertThat(serves(t, "two.example.", 12)).isTrue();
    }
  }

  private static boolean hasCopy(Path state, String zone) {
    String base = zone.substring(0, zone.length() - 1);
    return Files.exists(state.resolve(base + ".zone"));
  }

  private static int persistedQuiet(Path state, String zone) {
    try {
      return persisted(state, zone).size();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static String listing(Path state) {
    try (var s = Files.list(state)) {
      return "state dir: " + s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (java.io.IOException e) {
      return "state dir unreadable: " + e;
    }
  }
}
