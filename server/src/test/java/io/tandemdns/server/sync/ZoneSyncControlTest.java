package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;
import static io.tandemdns.server.sync.SyncTestSupport.SECRET;
import static io.tandemdns.server.sync.SyncTestSupport.await;
import static io.tandemdns.server.sync.SyncTestSupport.freePort;
import static io.tandemdns.server.sync.SyncTestSupport.serial;
import static io.tandemdns.server.sync.SyncTestSupport.startTandem;
import static io.tandemdns.server.sync.SyncTestSupport.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.Main;
import io.tandemdns.server.TandemServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import picocli.CommandLine;

/**
 * Issue 6 hooks of zone sync through the real control endpoint and CLI: on-demand NOTIFY reaches
 * a Knot secondary that then pulls the new serial, on-demand refresh of a secondary, the zone
 * status fields (last NOTIFY in/out, last refresh attempt/result) and the sync metrics.
 */
class ZoneSyncControlTest {
  static final Name ORIGIN = Name.fromConstantString("ctl.test.");
  static final String KEY = "ctl-key.";
  static final String TOKEN = "zone-sync-control-test-token";

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  String controlYaml(int controlPort) {
    return "control:\n  listen: \"127.0.0.1:" + controlPort + "\"\n  token: \"" + TOKEN + "\"\n";
  }

  HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static double metric(String text, String line) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(line) + " ([0-9.eE+-]+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Test
  void notifyOnDemandByHttpAndCliReachesAKnotSecondary() throws Exception {
    int tPort = freePort();
    int kPort = freePort();
    int cPort = freePort();
    Path zoneFile = dir.resolve("t/ctl.test.zone");
    Files.createDirectories(zoneFile.getParent());
    Files.writeString(zoneFile, zone("ctl.test.", 1).replace(" 1 1 3600 60", " 3600 600 86400 60"));
    String yaml = "listen: [\"127.0.0.1:" + tPort + "\"]\nstate-dir: state\n"
        + "keys:\n  - name: " + KEY + "\n    secret: " + SECRET + "\n"
        + "zones:\n  - name: ctl.test.\n    file: ctl.test.zone\n"
        + "    allow-transfer: [ \"127.0.0.1 key " + KEY + "\" ]\n"
        + "    notify: [ {address: \"127.0.0.1:" + kPort + "\", key: " + KEY + "} ]\n" + controlYaml(cPort);
    try (TandemServer tandem = startTandem(dir.resolve("t"), yaml);
        KnotPeer knot = KnotPeer.secondary(dir.resolve("knot"), ORIGIN, KEY, SECRET, tPort, kPort)) {
      await("Knot serving 1", 15, () -> Long.valueOf(1).equals(serial(knot.address(), ORIGIN)));
      for (int round = 2; round <= 3; round++) {
        long next = round;
        // Knot refuses NOTIFY while the new version appears: the automatic NOTIFY is lost.
        knot.acceptNotify(false);
        Files.writeString(zoneFile, zone("ctl.test.", next, "v IN TXT \"" + next + "\"")
            .replace(" 1 1 3600 60", " 3600 600 86400 60"));
        assertThat(tandem.reload().ok()).isTrue();
        await("the automatic NOTIFY was answered (REFUSED)", 10,
            () -> tandem.sync().activity(ORIGIN).lastNotifyOut() != null
                && tandem.sync().activity(ORIGIN).lastNotifyOut().result().contains("serial " + next));
        knot.acceptNotify(true);
        // knotc applies the ACL change asynchronously: when the automatic NOTIFY was refused,
        // Knot must not know the new serial yet; when the ACL change raced it, Knot was told
        // already and only the on-demand NOTIFY below is left to prove.
        boolean refused = tandem.sync().activity(ORIGIN).lastNotifyOut().result().contains("REFUSED");
        if (refused) {
          Thread.sleep(1500);
          assertThat(serial(knot.address(), ORIGIN)).as("Knot does not know yet").isEqualTo(next - 1);
        }
        java.time.Instant before = java.time.Instant.now();
        if (round == 2) {
          HttpResponse<String> r = post(cPort, "/zones/ctl.test./notify");
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          assertThat(r.body()).contains("\"targets\":1");
        } else {
          StringWriter out = new StringWriter();
          StringWriter err = new StringWriter();
          CommandLine cl = Main.commandLine();
          cl.setOut(new PrintWriter(out, true));
          cl.setErr(new PrintWriter(err, true));
          int exit = cl.execute("notify", "ctl.test.", "--control", "127.0.0.1:" + cPort, "--token", TOKEN);
          assertThat(exit).as("%s %s", out, err).isZero();
        }
        await("the on-demand NOTIFY was answered", 10, () -> {
          var out = tandem.sync().activity(ORIGIN).lastNotifyOut();
          return !out.at().isBefore(before) && out.result().contains("answered NOERROR, serial " + next);
        });
        await("Knot serving " + next, 15, () -> Long.valueOf(next).equals(serial(knot.address(), ORIGIN)));
      }
      String status = get(cPort, "/zones/ctl.test.").body();
      assertThat(status).contains("\"last_notify_out\":{").contains("\"peer\":\"127.0.0.1#" + kPort + "\"")
          .contains("answered NOERROR, serial 3");
      String metrics = get(cPort, "/metrics").body();
      assertThat(metric(metrics, "tandem_transfers_out_total{result=\"ok\"}")).isGreaterThanOrEqualTo(3);
      assertThat(metric(metrics, "tandem_transfers_out_duration_seconds_total")).isGreaterThan(0);
    }
  }

  @Test
  void refreshOnDemandPullsAChangeTheSecondaryWasNotToldAbout() throws Exception {
    int tPort = freePort();
    int cPort = freePort();
    int nowhere = freePort(); // Knot's NOTIFY goes here: Tandem hears nothing of the change
    String zoneText = zone("ctl.test.", 10).replace(" 1 1 3600 60", " 3600 600 86400 60");
    try (KnotPeer knot = KnotPeer.primary(dir.resolve("knot"), ORIGIN, zoneText, KEY, SECRET, nowhere, true)) {
      String yaml = KnotInteropTest.secondaryYaml(tPort, knot.port, SECRET, "")
          .replace(KnotInteropTest.KEY, KEY).replace("knot.test.", "ctl.test.") + controlYaml(cPort);
      try (TandemServer tandem = startTandem(dir.resolve("t"), yaml)) {
        await("Tandem serving 10", 15, () -> Long.valueOf(10).equals(serial(new java.net.InetSocketAddress(LO, tPort),
            ORIGIN)));
        knot.change("zone-set quiet 300 TXT \"nobody told\"");
        Thread.sleep(1000);
        assertThat(serial(new java.net.InetSocketAddress(LO, tPort), ORIGIN)).isEqualTo(10);
        HttpResponse<String> r = post(cPort, "/zones/ctl.test./refresh");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await("Tandem serving 11", 10, () -> Long.valueOf(11).equals(serial(new java.net.InetSocketAddress(LO, tPort),
            ORIGIN)));
        // The new serial is served before the refresh finishes (persisting, timers), and only then
        // is the result recorded: wait for it, as an operator polling the status would.
        await("the refresh recorded as ok, serial 11", 10, () -> {
          try {
            String body = get(cPort, "/zones/ctl.test.").body();
            return body.contains("\"last_refresh_result\":\"ok, serial 11\"") && body.contains("\"state\":\"OK\"");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        assertThat(get(cPort, "/zones/ctl.test.").body()).contains("\"last_refresh_attempt\":");
        // A NOTIFY from a stranger (127.0.0.2) is refused and counted, and shows as last NOTIFY in.
        org.xbill.DNS.Message n = org.xbill.DNS.Message.newQuery(
            org.xbill.DNS.Record.newRecord(ORIGIN, org.xbill.DNS.Type.SOA, org.xbill.DNS.DClass.IN));
        n.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
        byte[] w = n.toWire();
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(new java.net.InetSocketAddress(SyncTestSupport.LO2, 0))) {
          s.setSoTimeout(2000);
          s.send(new java.net.DatagramPacket(w, w.length, new java.net.InetSocketAddress(LO, tPort)));
          byte[] buf = new byte[512];
          java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
          s.receive(p);
          assertThat(new org.xbill.DNS.Message(java.util.Arrays.copyOf(buf, p.getLength())).getRcode())
              .isEqualTo(org.xbill.DNS.Rcode.REFUSED);
        }
        String metrics = get(cPort, "/metrics").body();
        assertThat(metric(metrics, "tandem_notify_received_total{result=\"refused\"}")).isEqualTo(1);
        assertThat(get(cPort, "/zones/ctl.test.").body()).contains("\"last_notify_in\":{")
            .contains("\"peer\":\"127.0.0.2#").contains("REFUSED (not in allow-notify)");
      }
    }
  }
}
