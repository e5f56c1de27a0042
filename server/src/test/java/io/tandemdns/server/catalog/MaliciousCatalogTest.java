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
import static io.tandemdns.server.catalog.CatalogSupport.serial;
import static io.tandemdns.server.catalog.CatalogSupport.serves;
import static io.tandemdns.server.catalog.CatalogSupport.startTandem;
import static io.tandemdns.server.catalog.CatalogSupport.tandemHeader;
import static io.tandemdns.server.catalog.CatalogSupport.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.TandemServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;

/**
 * Scenario 5 of issue 8, hostile or broken catalogs (RFC 9432 §7 security considerations, §4.2
 * version): one BIND serving five catalogs, one Tandem consuming all of them, each catalog with
 * one kind of trouble. Every test also checks that the catalog in question was processed at all
 * (a good member of it, or of a sibling updated at the same time, is served), so a consumer that
 * ignores catalogs altogether cannot pass.
 */
class MaliciousCatalogTest {
  static final String STATIC_CAT = "cat-static.example.";
  static final String MAX_CAT = "cat-max.example.";
  static final String SUFFIX_CAT = "cat-suffix.example.";
  static final String V1_CAT = "cat-v1.example.";
  static final String NOVERSION_CAT = "cat-nov.example.";
  static final List<String> MEMBERS = List.of("static.example.", "ok1.example.", "ok2.example.", "max1.example.",
      "max2.example.", "max3.example.", "a.customers.example.", "evil.example.", "v1m.example.", "v1n.example.",
      "novm.example.");

  @TempDir static Path dir;
  static CatalogBind bind;
  static TandemServer tandem;
  static InetSocketAddress t;

  @BeforeAll
  static void start() throws Exception {
    int tandemPort = freePort();
    Path b = dir.resolve("bind");
    CatalogBind.writeZone(b, STATIC_CAT, catalog(STATIC_CAT, 1, "2", "s.zones PTR static.example.",
        "ok.zones PTR ok1.example."));
    CatalogBind.writeZone(b, MAX_CAT, catalog(MAX_CAT, 1, "2", "m1.zones PTR max1.example.",
        "m2.zones PTR max2.example.", "m3.zones PTR max3.example."));
    CatalogBind.writeZone(b, SUFFIX_CAT, catalog(SUFFIX_CAT, 1, "2", "a.zones PTR a.customers.example.",
        "e.zones PTR evil.example."));
    CatalogBind.writeZone(b, V1_CAT, catalog(V1_CAT, 1, "1", "v.zones PTR v1m.example."));
    CatalogBind.writeZone(b, NOVERSION_CAT, catalog(NOVERSION_CAT, 1, null, "n.zones PTR novm.example."));
    int www = 60;
    for (String m : MEMBERS) {
      CatalogBind.writeZone(b, m, zone(m, 9, www++));
    }
    List<String> all = new java.util.ArrayList<>(List.of(STATIC_CAT, MAX_CAT, SUFFIX_CAT, V1_CAT, NOVERSION_CAT));
    all.addAll(MEMBERS);
    bind = CatalogBind.start(b, tandemPort, all.toArray(String[]::new));

    Path td = dir.resolve("tandem");
    Files.createDirectories(td);
    // Tandem's own static.example.: different data from BIND's (www 192.0.2.99 vs .60).
    Files.writeString(td.resolve("static.example.zone"), zone("static.example.", 1, 99));
    StringBuilder yaml = new StringBuilder(tandemHeader(tandemPort, td.resolve("state")))
        .append("zones:\n  - name: static.example.\n    file: static.example.zone\n");
    consumer(yaml, STATIC_CAT, "");
    consumer(yaml, MAX_CAT, "    catalog-max-members: 2\n");
    consumer(yaml, SUFFIX_CAT, "    catalog-member-suffixes: [ \"customers.example.\" ]\n");
    consumer(yaml, V1_CAT, "");
    consumer(yaml, NOVERSION_CAT, "");
    tandem = startTandem(td, yaml.toString());
    t = at(tandemPort);
  }

  private static void consumer(StringBuilder yaml, String catalog, String extra) {
    yaml.append("  - name: ").append(catalog).append("\n    role: secondary\n    primaries: ").append(peer(bind.port))
        .append("\n    catalog: consumer\n").append(extra);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (tandem != null) {
        tandem.close();
      }
    } finally {
      if (bind != null) {
        bind.close();
      }
    }
  }

  @Test
  void aStaticZoneIsNotTakenOverByACatalog() throws Exception {
    await("ok1.example. (same catalog) served", 30, () -> serves(t, "ok1.example.", 9), bind::log);
    holds("static.example. answering Tandem's own data", 2000,
        () -> a(t, "www.static.example.").equals("NOERROR 192.0.2.99") && serves(t, "static.example.", 1));
    assertThat(catalogFact(tandem, "static.example.")).isNull();
    assertThat(CatalogSupport.zoneJson(tandem, "static.example.")).contains("\"role\":\"primary\"");
  }

  @Test
  void memberLimitAdmitsExactlyTwoOfThree() throws Exception {
    List<String> max = List.of("max1.example.", "max2.example.", "max3.example.");
    await("two members of " + MAX_CAT + " served, one refused", 30,
        () -> count(max, Rcode.NOERROR) == 2 && count(max, Rcode.REFUSED) == 1, bind::log);
    holds("still exactly two served", 2000, () -> count(max, Rcode.NOERROR) == 2 && count(max, Rcode.REFUSED) == 1);
  }

  @Test
  void memberOutsideTheSuffixAllowListIsRefused() throws Exception {
    await("a.customers.example. served", 30, () -> serves(t, "a.customers.example.", 9), bind::log);
    holds("evil.example. refused", 2000, () -> refused(t, "evil.example."));
  }

  @Test
  void unsupportedOrMissingVersionIsRefusedWithoutHarm() throws Exception {
    await("ok1.example. served (the consumer works)", 30, () -> serves(t, "ok1.example.", 9), bind::log);
    holds("members of version-1 and version-less catalogs refused", 2000,
        () -> refused(t, "v1m.example.") && refused(t, "novm.example."));
    assertThat(serves(t, "static.example.", 1)).as("still answering").isTrue();
    // The operator sees why: the control API names the refused version.
    await("catalog_problem of " + V1_CAT + " in /zones", 10,
        () -> CatalogSupport.zoneJson(tandem, V1_CAT).contains("schema version \\\"1\\\""), bind::log);

    // The same catalog fixed to version 2: now its member is taken (the refusal was the version).
    bind.update(V1_CAT, 2, catalog(V1_CAT, 2, "2", "v.zones PTR v1m.example."));
    await("v1m.example. served once its catalog says version 2", 30, () -> serves(t, "v1m.example.", 9),
        bind::log);

    // Back to version 1 with an extra member: the whole version is refused, members unchanged.
    // ok2.example. is added to another catalog in the same reload, as the sign that Tandem has seen it.
    bind.writeZone(V1_CAT, catalog(V1_CAT, 3, "1", "v.zones PTR v1m.example.", "w.zones PTR v1n.example."));
    bind.update(STATIC_CAT, 2, catalog(STATIC_CAT, 2, "2", "s.zones PTR static.example.",
        "ok.zones PTR ok1.example.", "ok2.zones PTR ok2.example."));
    await("ok2.example. served", 30, () -> serves(t, "ok2.example.", 9), bind::log);
    await("BIND serving " + V1_CAT + " serial 3", 10, () -> serves(bind.address(), V1_CAT, 3), bind::log);
    holds("v1m.example. kept, v1n.example. not added", 3000,
        () -> serves(t, "v1m.example.", 9) && refused(t, "v1n.example."));
    assertThat(serial(t, "static.example.")).isEqualTo(1L);
  }

  private static long count(List<String> zones, int rcode) {
    return zones.stream().filter(z -> {
      Long s = serial(t, z);
      return s != null && (rcode == Rcode.NOERROR ? s >= 0 : s == -rcode);
    }).count();
  }
}
