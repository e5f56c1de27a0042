package io.tandemdns.server;

import static io.tandemdns.server.ServerTestSupport.ORIGIN;
import static io.tandemdns.server.ServerTestSupport.anyPort4;
import static io.tandemdns.server.ServerTestSupport.firstA;
import static io.tandemdns.server.ServerTestSupport.udp;
import static io.tandemdns.server.ServerTestSupport.writeZone;
import static io.tandemdns.server.ServerTestSupport.zoneText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.ZoneOutcome.Status;
import io.tandemdns.server.config.ServerConfig;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class ReloadTest {
  @TempDir Path dir;
  Path zone;
  TandemServer server;
  InetSocketAddress address;

  @BeforeEach
  void start() throws IOException {
    zone = writeZone(dir, zoneText(1, 10));
    server = TandemServer.start(ServerConfig.quick(anyPort4(), Map.of(ORIGIN, zone)));
    address = server.udpAddresses().get(0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ZoneOutcome reload() {
    ReloadReport report = server.reload();
    assertThat(report.zones()).hasSize(1);
    return report.zones().get(0);
  }

  @Test
  void aChangedZoneWithAHigherSerialIsSwappedIn() throws IOException {
    assertThat(firstA(udp(address, "www.t.test.", Type.A))).isEqualTo("192.0.2.10");
    long generation = server.zones().get(ORIGIN).generation();
    Files.writeString(zone, zoneText(2, 20));
    ZoneOutcome outcome = reload();
    assertThat(outcome.status()).isEqualTo(Status.LOADED);
    assertThat(outcome.serial()).isEqualTo(2);
    assertThat(server.zones().get(ORIGIN).generation()).isNotEqualTo(generation);
    assertThat(firstA(udp(address, "www.t.test.", Type.A))).isEqualTo("192.0.2.20");
  }

  @Test
  void anUnchangedFileIsSkipped() throws IOException {
    long generation = server.zones().get(ORIGIN).generation();
    assertThat(reload().status()).isEqualTo(Status.UNCHANGED);
    // Same content, new mtime: still skipped (content hash).
    Files.setLastModifiedTime(zone, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    assertThat(reload().status()).isEqualTo(Status.UNCHANGED);
    assertThat(reload().status()).isEqualTo(Status.UNCHANGED);
    assertThat(server.zones().get(ORIGIN).generation()).isEqualTo(generation);
  }

  @Test
  void aLargeFileHashedBesideItsFirstParseIsSkippedWhenUnchanged() throws IOException {
    StringBuilder text = new StringBuilder(zoneText(1, 10));
    for (int i = 0; text.length() < ZoneManager.HASH_ASIDE_BYTES; i++) {
      text.append("host-").append(i).append(" 3600 IN A 192.0.2.1\n");
    }
    Files.writeString(zone, text);
    Files.setLastModifiedTime(zone, FileTime.fromMillis(System.currentTimeMillis() - 120_000));
    try (TandemServer big = TandemServer.start(ServerConfig.quick(anyPort4(), Map.of(ORIGIN, zone)))) {
      long generation = big.zones().get(ORIGIN).generation();
      // Same content, new mtime: skipped only if the first load kept the file's hash.
      Files.setLastModifiedTime(zone, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
      ZoneOutcome outcome = big.reload().zones().get(0);
      assertThat(outcome.status()).isEqualTo(Status.UNCHANGED);
      assertThat(big.zones().get(ORIGIN).generation()).isEqualTo(generation);
    }
  }

  @Test
  void aSameSizeEditWithinTheSameSecondIsStillSeen() throws IOException {
    // Serial 1 -> 3 and .10 -> .30 keep the size; a stat-only check could miss it.
    Files.writeString(zone, zoneText(3, 30));
    assertThat(reload().status()).isEqualTo(Status.LOADED);
    assertThat(firstA(udp(address, "www.t.test.", Type.A))).isEqualTo("192.0.2.30");
  }

  @Test
  void aBrokenFileKeepsTheLastGoodVersionAndNamesFileAndLine() throws IOException {
    Files.writeString(zone, zoneText(2, 20) + "bad IN A not-an-address\n");
    ZoneOutcome outcome = reload();
    assertThat(outcome.status()).isEqualTo(Status.FAILED);
    assertThat(outcome.serial()).isEqualTo(1);
    assertThat(outcome.problems()).anySatisfy(p -> {
      assertThat(p.error()).isTrue();
      assertThat(p.toString()).startsWith(zone + ":7:");
    });
    assertThat(firstA(udp(address, "www.t.test.", Type.A))).isEqualTo("192.0.2.10");
    // Fixed again: served, and the failure was not remembered as "unchanged".
    Files.writeString(zone, zoneText(2, 21));
    assertThat(reload().status()).isEqualTo(Status.LOADED);
    assertThat(firstA(udp(address, "www.t.test.", Type.A))).isEqualTo("192.0.2.21");
  }

  @Test
  void aBrokenFileIsReportedAgainOnEveryReload() throws IOException {
    Files.writeString(zone, "garbage\n");
    assertThat(reload().status()).isEqualTo(Status.FAILED);
    assertThat(reload().status()).isEqualTo(Status.FAILED);
  }

  @Test
  void changedContentWithoutASerialIncreaseIsRefused() throws IOException {
    Files.writeString(zone, zoneText(1, 99));
    ZoneOutcome outcome = reload();
    assertThat(outcome.status()).isEqualTo(Status.FAILED);
    assertThat(outcome.problems().get(0).message()).contains("serial 1 is not greater");
    assertThat(firstA(udp(address, "www.t.test.", Type.A))).isEqualTo("192.0.2.10");
  }

  @Test
  void aDeletedFileKeepsServing() throws IOException {
    Files.delete(zone);
    ZoneOutcome outcome = reload();
    assertThat(outcome.status()).isEqualTo(Status.FAILED);
    assertThat(outcome.problems().get(0).toString()).contains(zone.toString());
    assertThat(firstA(udp(address, "www.t.test.", Type.A))).isEqualTo("192.0.2.10");
  }

  @Test
  void noQueryIsDroppedWhileReloading() throws Exception {
    // A zone big enough that a reload takes a moment, reloaded while queries stream in.
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      big.append("h").append(i).append(" IN A 198.51.100.").append(i % 250).append('\n');
    }
    CompletableFuture<Void> reloads = CompletableFuture.runAsync(() -> {
      for (int serial = 2; serial < 12; serial++) {
        try {
          Files.writeString(zone, zoneText(serial, serial) + big);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        assertThat(server.reload().ok()).isTrue();
      }
    });
    int answered = 0;
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address.getAddress(), 0))) {
      socket.setSoTimeout(ServerTestSupport.TIMEOUT_MS);
      byte[] buf = new byte[4096];
      for (int i = 0; i < 300 && (i < 20 || !reloads.isDone()); i++) {
        byte[] q = ServerTestSupport.query("www.t.test.", Type.A, i);
        socket.send(new DatagramPacket(q, q.length, address));
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p); // a dropped query fails here with a timeout
        Message r = new Message(Arrays.copyOf(buf, p.getLength()));
        assertThat(r.getHeader().getID()).isEqualTo(i);
        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(firstA(r)).isNotNull();
        answered++;
      }
    }
    reloads.get(60, TimeUnit.SECONDS);
    assertThat(answered).isGreaterThanOrEqualTo(20);
    assertThat(server.zones().get(ORIGIN).serial()).isEqualTo(11);
  }
}
