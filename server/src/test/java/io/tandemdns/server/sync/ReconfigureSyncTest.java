package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;
import static io.tandemdns.server.sync.SyncTestSupport.await;
import static io.tandemdns.server.sync.SyncTestSupport.axfr;
import static io.tandemdns.server.sync.SyncTestSupport.freePort;
import static io.tandemdns.server.sync.SyncTestSupport.serial;
import static io.tandemdns.server.sync.SyncTestSupport.startTandem;
import static io.tandemdns.server.sync.SyncTestSupport.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.TandemServer;
import io.tandemdns.sync.refresh.SecondaryZone;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * Hot reconfiguration of zone sync (issue 6): a config reload adds a secondary zone, changes a
 * zone's allow-transfer ACL (a client becomes refused / allowed) and keeps an unchanged
 * secondary's state machine (timers, data) — with the server answering throughout.
 */
class ReconfigureSyncTest {
  static final Name ACL = Name.fromConstantString("acl.test.");
  static final Name SEC = Name.fromConstantString("sec.test.");

  @TempDir Path dir;

  @Test
  void reloadAddsASecondaryAndChangesAnAcl() throws Exception {
    int pPort = freePort();
    int tPort = freePort();
    InetSocketAddress t = new InetSocketAddress(LO, tPort);
    Files.createDirectories(dir.resolve("p"));
    Files.writeString(dir.resolve("p/sec.test.zone"), zone("sec.test.", 77));
    try (TandemServer primary = startTandem(dir.resolve("p"), "listen: [\"127.0.0.1:" + pPort + "\"]\n"
        + "zones:\n  - name: sec.test.\n    file: sec.test.zone\n    allow-transfer: [ \"127.0.0.1\" ]\n")) {
      Path tDir = dir.resolve("t");
      Files.createDirectories(tDir);
      Files.writeString(tDir.resolve("acl.test.zone"), zone("acl.test.", 5));
      String aclZone = "zones:\n  - name: acl.test.\n    file: acl.test.zone\n    allow-transfer: [ \"%s\" ]\n";
      String head = "listen: [\"127.0.0.1:" + tPort + "\"]\nstate-dir: state\n";
      String secondary = "  - name: sec.test.\n    role: secondary\n    primaries: [ \"127.0.0.1:" + pPort + "\" ]\n";
      try (TandemServer tandem = startTandem(tDir, head + aclZone.formatted("127.0.0.2"))) {
        assertThat(axfr(t, ACL, null)).as("127.0.0.1 not in the ACL yet").isEmpty();
        assertThat(serial(t, SEC)).as("not configured: REFUSED").isEqualTo(-5L);

        // Reload: the ACL now admits 127.0.0.1 and a secondary zone appears.
        Files.writeString(tDir.resolve("tandem.yaml"), head + aclZone.formatted("127.0.0.1") + secondary);
        assertThat(tandem.reconfigure().ok()).isTrue();
        assertThat(axfr(t, ACL, null)).as("allowed after the reload").contains("www.acl.test. 300 IN A 192.0.2.80");
        SyncTestSupport.Result outside = SyncTestSupport.run(20, "/usr/bin/kdig", "@127.0.0.1", "-p",
            String.valueOf(tPort), "-b", "127.0.0.2", "-t", "AXFR", ACL.toString(), "+time=3", "+retry=0");
        assertThat(outside.out()).as("127.0.0.2 no longer allowed").contains("REFUSED");
        await("new secondary serving 77", 15, () -> Long.valueOf(77).equals(serial(t, SEC)));
        SecondaryZone before = tandem.sync().secondary(SEC).orElseThrow();

        // Reload changing only the ACL: the unchanged secondary keeps its state machine and data.
        Files.writeString(tDir.resolve("tandem.yaml"), head + aclZone.formatted("127.0.0.2") + secondary);
        assertThat(tandem.reconfigure().ok()).isTrue();
        assertThat(tandem.sync().secondary(SEC).orElseThrow()).isSameAs(before);
        assertThat(serial(t, SEC)).isEqualTo(77);
        assertThat(axfr(t, ACL, null)).as("refused again").isEmpty();

        // Reload without the secondary: it stops being served.
        Files.writeString(tDir.resolve("tandem.yaml"), head + aclZone.formatted("127.0.0.1"));
        assertThat(tandem.reconfigure().ok()).isTrue();
        assertThat(serial(t, SEC)).isEqualTo(-5L);
        assertThat(tandem.sync().secondary(SEC)).isEmpty();
        assertThat(serial(t, ACL)).isEqualTo(5);
      }
    }
  }
}
