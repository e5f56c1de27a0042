package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;
import static io.tandemdns.server.sync.SyncTestSupport.SECRET;
import static io.tandemdns.server.sync.SyncTestSupport.WRONG_SECRET;
import static io.tandemdns.server.sync.SyncTestSupport.await;
import static io.tandemdns.server.sync.SyncTestSupport.axfr;
import static io.tandemdns.server.sync.SyncTestSupport.freePort;
import static io.tandemdns.server.sync.SyncTestSupport.serial;
import static io.tandemdns.server.sync.SyncTestSupport.startTandem;
import static io.tandemdns.server.sync.SyncTestSupport.tsigArg;
import static io.tandemdns.server.sync.SyncTestSupport.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.TandemServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** Tandem with real knotd peers on loopback: Tandem as secondary, as primary, and in a chain. */
class KnotInteropTest {
  static final Name ORIGIN = Name.fromConstantString("knot.test.");
  static final String KEY = "xfr-key.";

  @TempDir Path dir;

  static String secondaryYaml(int port, int primaryPort, String secret, String extraZoneLines) {
    return "listen: [\"127.0.0.1:" + port + "\"]\nstate-dir: state\n"
        + "keys:\n  - name: " + KEY + "\n    algorithm: hmac-sha256\n    secret: " + secret + "\n"
        + "sync:\n  refresh-min: 1\n  retry-min: 1\n  retry-max: 1\n"
        + "zones:\n  - name: " + ORIGIN + "\n    role: secondary\n"
        + "    primaries: [ {address: \"127.0.0.1:" + primaryPort + "\", key: " + KEY + "} ]\n"
        + "    allow-transfer: [ \"127.0.0.1 key " + KEY + "\" ]\n" + extraZoneLines;
  }

  /** (a) + (e): initial AXFR, NOTIFY → IXFR, wrong key → old copy, restart serves persisted copy. */
  @Test
  void tandemSecondaryOfKnotPrimary() throws Exception {
    int tPort = freePort();
    InetSocketAddress t = new InetSocketAddress(LO, tPort);
    // SOA refresh 3600: every change below arrives by NOTIFY, not by the refresh timer.
    String zoneText = zone("knot.test.", 100).replace(" 1 1 3600 60", " 3600 600 86400 60");
    try (KnotPeer knot = KnotPeer.primary(dir.resolve("knot"), ORIGIN, zoneText, KEY, SECRET, tPort, true)) {
      try (TandemServer tandem = startTandem(dir.resolve("t"), secondaryYaml(tPort, knot.port, SECRET, ""))) {
        await("Tandem serving 100", 15, () -> Long.valueOf(100).equals(serial(t, ORIGIN)));
        TreeSet<String> fromKnot = axfr(knot.address(), ORIGIN, tsigArg(KEY, SECRET));
        assertThat(fromKnot).hasSizeGreaterThan(3);
        assertThat(axfr(t, ORIGIN, tsigArg(KEY, SECRET))).isEqualTo(fromKnot);

        long commit = System.nanoTime();
        knot.change("zone-set notified 300 TXT \"hello\"");
        long committed = System.nanoTime();
        await("Tandem serving 101", 15, () -> Long.valueOf(101).equals(serial(t, ORIGIN)));
        long now = System.nanoTime();
        System.out.println("MEASURE Knot NOTIFY -> Tandem serves new serial: " + (now - committed) / 1_000_000
            + " ms after knotc zone-commit returned (" + (now - commit) / 1_000_000 + " ms including the knotc calls)");
        assertThat(tandem.sync().incrementalTransfers()).as("IXFR used").isEqualTo(1);
        assertThat(knot.log()).contains("IXFR, outgoing");
        assertThat(axfr(t, ORIGIN, tsigArg(KEY, SECRET))).isEqualTo(axfr(knot.address(), ORIGIN, tsigArg(KEY, SECRET)));
      }
      // Restart with the wrong secret and the primary's changes pending: the persisted copy is
      // served at once, the badly keyed transfers and NOTIFYs change nothing.
      Files.delete(dir.resolve("t/tandem.yaml"));
      try (TandemServer tandem = startTandem(dir.resolve("t"), secondaryYaml(tPort, knot.port, WRONG_SECRET, ""))) {
        assertThat(serial(t, ORIGIN)).isEqualTo(101);
        knot.change("zone-set second 300 TXT \"not for you\"");
        Thread.sleep(2500); // Knot's NOTIFY is answered NOTAUTH (bad TSIG): no check, no transfer
        assertThat(serial(t, ORIGIN)).isEqualTo(101);
        assertThat(tandem.sync().incrementalTransfers() + tandem.sync().fullTransfers()).isZero();
      }
    }
  }

  /** (b-fallback) A Knot primary without journal: every change comes as a full transfer. */
  @Test
  void primaryWithoutJournalFallsBackToAxfr() throws Exception {
    int tPort = freePort();
    InetSocketAddress t = new InetSocketAddress(LO, tPort);
    String zoneText = zone("knot.test.", 7).replace(" 1 1 3600 60", " 3600 600 86400 60");
    try (KnotPeer knot = KnotPeer.primary(dir.resolve("knot"), ORIGIN, zoneText, KEY, SECRET, tPort, false);
        TandemServer tandem = startTandem(dir.resolve("t"), secondaryYaml(tPort, knot.port, SECRET, ""))) {
      await("Tandem serving 7", 15, () -> Long.valueOf(7).equals(serial(t, ORIGIN)));
      knot.change("zone-set changed 300 A 192.0.2.7");
      await("Tandem serving 8", 15, () -> Long.valueOf(8).equals(serial(t, ORIGIN)));
      assertThat(tandem.sync().incrementalTransfers()).isZero();
      assertThat(tandem.sync().fullTransfers()).isEqualTo(2);
      assertThat(axfr(t, ORIGIN, tsigArg(KEY, SECRET))).isEqualTo(axfr(knot.address(), ORIGIN, tsigArg(KEY, SECRET)));
    }
  }

  /** (c) Knot secondary of a Tandem primary: AXFR, reload + NOTIFY → IXFR, TSIG and ACL enforced. */
  @Test
  void knotSecondaryOfTandemPrimary() throws Exception {
    int tPort = freePort();
    int kPort = freePort();
    InetSocketAddress t = new InetSocketAddress(LO, tPort);
    Path zoneFile = dir.resolve("t/knot.test.zone");
    Files.createDirectories(zoneFile.getParent());
    Files.writeString(zoneFile, zone("knot.test.", 1));
    String yaml = "listen: [\"127.0.0.1:" + tPort + "\"]\nstate-dir: state\n"
        + "keys:\n  - name: " + KEY + "\n    algorithm: hmac-sha256\n    secret: " + SECRET + "\n"
        + "zones:\n  - name: " + ORIGIN + "\n    role: primary\n    file: knot.test.zone\n"
        + "    allow-transfer: [ \"127.0.0.1 key " + KEY + "\" ]\n"
        + "    notify: [ {address: \"127.0.0.1:" + kPort + "\", key: " + KEY + "} ]\n";
    try (TandemServer tandem = startTandem(dir.resolve("t"), yaml);
        KnotPeer knot = KnotPeer.secondary(dir.resolve("knot"), ORIGIN, KEY, SECRET, tPort, kPort)) {
      await("Knot serving 1", 15, () -> Long.valueOf(1).equals(serial(knot.address(), ORIGIN)));
      TreeSet<String> fromTandem = axfr(t, ORIGIN, tsigArg(KEY, SECRET));
      assertThat(fromTandem).hasSizeGreaterThan(3);
      assertThat(axfr(knot.address(), ORIGIN, tsigArg(KEY, SECRET))).isEqualTo(fromTandem);

      Files.writeString(zoneFile, zone("knot.test.", 2, "added IN TXT \"v2\"", "more IN AAAA 2001:db8::2"));
      assertThat(tandem.reload().ok()).isTrue();
      await("Knot serving 2", 15, () -> Long.valueOf(2).equals(serial(knot.address(), ORIGIN)));
      await("Knot logged the incoming IXFR", 5, () -> knot.log().contains("IXFR, incoming"));
      assertThat(tandem.sync().outgoingIncremental()).as("IXFR served from the journal").isEqualTo(1);
      assertThat(knot.log()).doesNotContain("AXFR, incoming, remote 127.0.0.1@" + tPort + " TSIG " + KEY
          + ", serial 1 -> 2");
      assertThat(axfr(knot.address(), ORIGIN, tsigArg(KEY, SECRET))).isEqualTo(axfr(t, ORIGIN, tsigArg(KEY, SECRET)));

      // TSIG enforced: unsigned or wrongly keyed transfers get nothing; the ACL keeps 127.0.0.2 out.
      assertThat(axfr(t, ORIGIN, null)).isEmpty();
      assertThat(axfr(t, ORIGIN, tsigArg(KEY, SyncTestSupport.WRONG_SECRET))).isEmpty();
      SyncTestSupport.Result outside = SyncTestSupport.run(20, "/usr/bin/kdig", "@127.0.0.1", "-p",
          String.valueOf(tPort), "-b", "127.0.0.2", "-y", tsigArg(KEY, SECRET), "-t", "AXFR", ORIGIN.toString(),
          "+time=3", "+retry=0");
      assertThat(outside.out()).contains("REFUSED");
    }
  }

  /** (d) Chain: Knot primary → Tandem secondary → Knot secondary; a change arrives at the end. */
  @Test
  void chainKnotTandemKnot() throws Exception {
    int tPort = freePort();
    int endPort = freePort();
    InetSocketAddress t = new InetSocketAddress(LO, tPort);
    String zoneText = zone("knot.test.", 500).replace(" 1 1 3600 60", " 3600 600 86400 60");
    String notifyDownstream = "    notify: [ {address: \"127.0.0.1:" + endPort + "\", key: " + KEY + "} ]\n";
    try (KnotPeer head = KnotPeer.primary(dir.resolve("head"), ORIGIN, zoneText, KEY, SECRET, tPort, true);
        TandemServer tandem = startTandem(dir.resolve("t"), secondaryYaml(tPort, head.port, SECRET, notifyDownstream))) {
      await("Tandem serving 500", 15, () -> Long.valueOf(500).equals(serial(t, ORIGIN)));
      try (KnotPeer end = KnotPeer.secondary(dir.resolve("end"), ORIGIN, KEY, SECRET, tPort, endPort)) {
        await("end serving 500", 15, () -> Long.valueOf(500).equals(serial(end.address(), ORIGIN)));
        head.change("zone-set chained 300 TXT \"through the chain\"");
        await("end serving 501", 15, () -> Long.valueOf(501).equals(serial(end.address(), ORIGIN)));
        assertThat(axfr(end.address(), ORIGIN, tsigArg(KEY, SECRET)))
            .isEqualTo(axfr(head.address(), ORIGIN, tsigArg(KEY, SECRET)));
        await("end logged an IXFR from Tandem", 5, () -> end.log().contains("IXFR, incoming"));
      }
    }
  }
}
