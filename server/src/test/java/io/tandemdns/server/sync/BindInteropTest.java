package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;
import static io.tandemdns.server.sync.SyncTestSupport.SECRET;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** Tandem with real BIND (named -g) peers on loopback. */
class BindInteropTest {
  static final Name ORIGIN = Name.fromConstantString("bind.test.");
  static final String KEY = "bind-key";

  @TempDir Path dir;

  /** (b) Tandem secondary of a BIND primary: AXFR, nsupdate + NOTIFY → IXFR, identical contents. */
  @Test
  void tandemSecondaryOfBindPrimary() throws Exception {
    int tPort = freePort();
    InetSocketAddress t = new InetSocketAddress(LO, tPort);
    String zoneText = zone("bind.test.", 300).replace(" 1 1 3600 60", " 3600 600 86400 60");
    try (BindPeer bind = BindPeer.primary(dir.resolve("bind"), ORIGIN, zoneText, KEY, SECRET, tPort)) {
      String yaml = KnotInteropTest.secondaryYaml(tPort, bind.port, SECRET, "")
          .replace(KnotInteropTest.KEY, KEY + ".").replace("knot.test.", "bind.test.");
      try (TandemServer tandem = startTandem(dir.resolve("t"), yaml)) {
        await("Tandem serving 300", 15, () -> Long.valueOf(300).equals(serial(t, ORIGIN)));
        assertThat(axfr(t, ORIGIN, tsigArg(KEY, SECRET))).isEqualTo(axfr(bind.address(), ORIGIN, tsigArg(KEY, SECRET)));
        long start = System.nanoTime();
        bind.update("update add dyn.bind.test. 300 TXT \"from nsupdate\"");
        await("Tandem serving 301", 15, () -> Long.valueOf(301).equals(serial(t, ORIGIN)));
        System.out.println("MEASURE nsupdate+NOTIFY from BIND -> Tandem serves new serial: "
            + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertThat(tandem.sync().incrementalTransfers()).as("IXFR from BIND's journal").isEqualTo(1);
        assertThat(axfr(t, ORIGIN, tsigArg(KEY, SECRET))).isEqualTo(axfr(bind.address(), ORIGIN, tsigArg(KEY, SECRET)));
      }
    }
  }

  /** (c) BIND secondary of a Tandem primary: AXFR, then IXFR after a reload + NOTIFY. */
  @Test
  void bindSecondaryOfTandemPrimary() throws Exception {
    int tPort = freePort();
    int bPort = freePort();
    InetSocketAddress t = new InetSocketAddress(LO, tPort);
    Path zoneFile = dir.resolve("t/bind.test.zone");
    Files.createDirectories(zoneFile.getParent());
    Files.writeString(zoneFile, zone("bind.test.", 1));
    String yaml = "listen: [\"127.0.0.1:" + tPort + "\"]\nstate-dir: state\n"
        + "keys:\n  - name: " + KEY + "\n    secret: " + SECRET + "\n"
        + "zones:\n  - name: bind.test.\n    file: bind.test.zone\n"
        + "    allow-transfer: [ \"127.0.0.1 key " + KEY + "\" ]\n"
        + "    notify: [ {address: \"127.0.0.1:" + bPort + "\", key: " + KEY + "} ]\n";
    try (TandemServer tandem = startTandem(dir.resolve("t"), yaml);
        BindPeer bind = BindPeer.secondary(dir.resolve("bind"), ORIGIN, KEY, SECRET, tPort, bPort)) {
      InetSocketAddress b = bind.address();
      await("BIND serving 1", 20, () -> Long.valueOf(1).equals(serial(b, ORIGIN)));
      assertThat(axfr(b, ORIGIN, tsigArg(KEY, SECRET))).isEqualTo(axfr(t, ORIGIN, tsigArg(KEY, SECRET)));
      Files.writeString(zoneFile, zone("bind.test.", 2, "added IN TXT \"v2\""));
      assertThat(tandem.reload().ok()).isTrue();
      long fullBefore = tandem.sync().outgoingFull();
      await("BIND serving 2", 20, () -> Long.valueOf(2).equals(serial(b, ORIGIN)));
      assertThat(axfr(b, ORIGIN, tsigArg(KEY, SECRET))).isEqualTo(axfr(t, ORIGIN, tsigArg(KEY, SECRET)));
      // BIND asked for IXFR and got the difference from Tandem's journal.
      assertThat(tandem.sync().outgoingIncremental()).isEqualTo(1);
      assertThat(tandem.sync().outgoingFull()).isEqualTo(fullBefore + 1); // only the AXFR check above
    }
  }

  /** Issue 3 chain: BIND primary → Tandem secondary → Knot secondary; an nsupdate arrives at the end. */
  @Test
  void chainBindTandemKnot() throws Exception {
    int tPort = freePort();
    int endPort = freePort();
    InetSocketAddress t = new InetSocketAddress(LO, tPort);
    String zoneText = zone("bind.test.", 700).replace(" 1 1 3600 60", " 3600 600 86400 60");
    String yaml = KnotInteropTest.secondaryYaml(tPort, 0, SECRET,
            "    notify: [ {address: \"127.0.0.1:" + endPort + "\", key: " + KEY + ".} ]\n")
        .replace(KnotInteropTest.KEY, KEY + ".").replace("knot.test.", "bind.test.");
    try (BindPeer bind = BindPeer.primary(dir.resolve("bind"), ORIGIN, zoneText, KEY, SECRET, tPort)) {
      yaml = yaml.replace("127.0.0.1:0\"", "127.0.0.1:" + bind.port + "\"");
      try (TandemServer tandem = startTandem(dir.resolve("t"), yaml)) {
        await("Tandem serving 700", 15, () -> Long.valueOf(700).equals(serial(t, ORIGIN)));
        try (KnotPeer end = KnotPeer.secondary(dir.resolve("end"), ORIGIN, KEY + ".", SECRET, tPort, endPort)) {
          InetSocketAddress e = end.address();
          await("Knot serving 700", 15, () -> Long.valueOf(700).equals(serial(e, ORIGIN)));
          bind.update("update add chained.bind.test. 300 TXT \"through the chain\"");
          await("Knot serving 701", 15, () -> Long.valueOf(701).equals(serial(e, ORIGIN)));
          // The refresh timers are an hour: only NOTIFY at every hop can have brought it this fast.
          assertThat(tandem.sync().incrementalTransfers()).as("IXFR from BIND").isEqualTo(1);
          await("Knot logged an IXFR from Tandem", 5, () -> end.log().contains("IXFR, incoming"));
          assertThat(axfr(e, ORIGIN, tsigArg(KEY, SECRET))).contains("chained.bind.test. 300 IN TXT \"through the chain\"")
              .isEqualTo(axfr(bind.address(), ORIGIN, tsigArg(KEY, SECRET)));
        }
      }
    }
  }

  /** Issue 3: a BIND primary that does not provide IXFR (provide-ixfr no) → each change by AXFR. */
  @Test
  void bindPrimaryWithoutIxfrFallsBackToAxfr() throws Exception {
    int tPort = freePort();
    InetSocketAddress t = new InetSocketAddress(LO, tPort);
    String zoneText = zone("bind.test.", 40).replace(" 1 1 3600 60", " 3600 600 86400 60");
    try (BindPeer bind = BindPeer.primary(dir.resolve("bind"), ORIGIN, zoneText, KEY, SECRET, tPort, false)) {
      String yaml = KnotInteropTest.secondaryYaml(tPort, bind.port, SECRET, "")
          .replace(KnotInteropTest.KEY, KEY + ".").replace("knot.test.", "bind.test.");
      try (TandemServer tandem = startTandem(dir.resolve("t"), yaml)) {
        await("Tandem serving 40", 15, () -> Long.valueOf(40).equals(serial(t, ORIGIN)));
        bind.update("update add full.bind.test. 300 A 192.0.2.40");
        await("Tandem serving 41", 15, () -> Long.valueOf(41).equals(serial(t, ORIGIN)));
        assertThat(tandem.sync().incrementalTransfers()).as("no IXFR from this BIND").isZero();
        assertThat(tandem.sync().fullTransfers()).isEqualTo(2);
        assertThat(axfr(t, ORIGIN, tsigArg(KEY, SECRET))).isEqualTo(axfr(bind.address(), ORIGIN, tsigArg(KEY, SECRET)));
      }
    }
  }
}
