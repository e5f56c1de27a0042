package io.tandemdns.server;

import static io.tandemdns.server.ServerTestSupport.ORIGIN;
import static io.tandemdns.server.ServerTestSupport.anyPort4;
import static io.tandemdns.server.ServerTestSupport.firstA;
import static io.tandemdns.server.ServerTestSupport.udp;
import static io.tandemdns.server.ServerTestSupport.writeZone;
import static io.tandemdns.server.ServerTestSupport.zoneText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/** Start-up collects a large load's garbage before listening, and skips it for small zones. */
class LoadGarbageTest {
  @TempDir Path dir;

  @Test
  void aZoneAtTheThresholdIsFollowedByOneCollectionAndThenServed() throws IOException {
    StringBuilder text = new StringBuilder(zoneText(1, 10)); // SOA, NS, 2 A
    for (long i = 4; i < LoadGarbage.MIN_RECORDS; i++) {
      text.append("h").append(i).append(" 300 IN A 192.0.2.7\n");
    }
    Path zone = writeZone(dir, text.toString());
    try (TandemServer server = TandemServer.start(ServerConfig.quick(anyPort4(), Map.of(ORIGIN, zone)))) {
      assertThat(server.zones().get(ORIGIN).recordCount()).isEqualTo(LoadGarbage.MIN_RECORDS);
      assertThat(server.collectedLoadGarbage()).isTrue();
      assertThat(firstA(udp(server.udpAddresses().get(0), "h99999.t.test.", Type.A))).isEqualTo("192.0.2.7");
    }
  }

  @Test
  void aSmallZoneStartsWithoutACollection() throws IOException {
    Path zone = writeZone(dir, zoneText(1, 10));
    try (TandemServer server = TandemServer.start(ServerConfig.quick(anyPort4(), Map.of(ORIGIN, zone)))) {
      assertThat(server.collectedLoadGarbage()).isFalse();
      assertThat(firstA(udp(server.udpAddresses().get(0), "www.t.test.", Type.A))).isEqualTo("192.0.2.10");
    }
  }

  @Test
  void theThresholdCountsRecords() {
    assertThat(LoadGarbage.worthCollecting(LoadGarbage.MIN_RECORDS - 1)).isFalse();
    assertThat(LoadGarbage.worthCollecting(LoadGarbage.MIN_RECORDS)).isTrue();
  }
}
