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

/** (c) NSD as secondary of a Tandem primary: AXFR, then the change after a reload + NOTIFY. */
class NsdInteropTest {
  static final Name ORIGIN = Name.fromConstantString("nsd.test.");
  static final String KEY = "nsd-key.";

  @TempDir Path dir;

  @Test
  void nsdSecondaryOfTandemPrimary() throws Exception {
    int tPort = freePort();
    int nPort = freePort();
    InetSocketAddress t = new InetSocketAddress(LO, tPort);
    Path zoneFile = dir.resolve("t/nsd.test.zone");
    Files.createDirectories(zoneFile.getParent());
    Files.writeString(zoneFile, zone("nsd.test.", 1).replace(" 1 1 3600 60", " 3600 600 86400 60"));
    String yaml = "listen: [\"127.0.0.1:" + tPort + "\"]\nstate-dir: state\n"
        + "keys:\n  - name: " + KEY + "\n    secret: " + SECRET + "\n"
        + "zones:\n  - name: nsd.test.\n    file: nsd.test.zone\n"
        + "    allow-transfer: [ \"127.0.0.1 key " + KEY + "\" ]\n"
        + "    notify: [ {address: \"127.0.0.1:" + nPort + "\", key: " + KEY + "} ]\n";
    try (TandemServer tandem = startTandem(dir.resolve("t"), yaml);
        NsdPeer nsd = NsdPeer.secondary(dir.resolve("nsd"), ORIGIN, KEY, SECRET, tPort, nPort)) {
      InetSocketAddress n = nsd.address();
      await("NSD serving 1", 20, () -> Long.valueOf(1).equals(serial(n, ORIGIN)));
      Files.writeString(zoneFile, zone("nsd.test.", 2, "added IN TXT \"v2\"")
          .replace(" 1 1 3600 60", " 3600 600 86400 60"));
      assertThat(tandem.reload().ok()).isTrue();
      await("NSD serving 2", 20, () -> Long.valueOf(2).equals(serial(n, ORIGIN)));
      assertThat(tandem.sync().outgoingIncremental()).as("NSD got IXFR: %s", nsd.log()).isEqualTo(1);
      // NSD does not serve AXFR without provide-xfr; compare what it answers instead.
      assertThat(SyncTestSupport.udp(n, Name.fromConstantString("added.nsd.test."), org.xbill.DNS.Type.TXT)
          .getSection(org.xbill.DNS.Section.ANSWER)).singleElement().asString().contains("v2");
      assertThat(axfr(t, ORIGIN, tsigArg(KEY, SECRET))).anyMatch(l -> l.contains("v2"));
    }
  }
}
