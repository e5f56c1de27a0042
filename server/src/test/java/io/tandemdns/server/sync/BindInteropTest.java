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
}
