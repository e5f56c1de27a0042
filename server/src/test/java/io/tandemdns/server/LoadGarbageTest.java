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
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * Start-up collects a large load's garbage before listening only when the load left the old
 * generation nearly full, and never for small zones.
 */
class LoadGarbageTest {
  @TempDir Path dir;

  @Test
  void aLargeZoneIsServedWhetherOrNotStartUpCollects() throws IOException {
    StringBuilder text = new StringBuilder(zoneText(1, 10)); // SOA, NS, 2 A
    for (long i = 4; i < LoadGarbage.MIN_RECORDS; i++) {
      text.append("h").append(i).append(" 300 IN A 192.0.2.7\n");
    }
    Path zone = writeZone(dir, text.toString());
    try (TandemServer server = TandemServer.start(ServerConfig.quick(anyPort4(), Map.of(ORIGIN, zone)))) {
      assertThat(server.zones().get(ORIGIN).recordCount()).isEqualTo(LoadGarbage.MIN_RECORDS);
      // The test JVM's heap is a quarter of the machine's: the old generation is far from full.
      MemoryUsage old = LoadGarbage.oldGeneration();
      assertThat(old).isNotNull();
      assertThat(old.getUsed()).isLessThan((long) (LoadGarbage.FULL_OLD_GENERATION * old.getMax()));
      assertThat(server.collectedLoadGarbage()).isFalse();
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
  void onlyALargeLoadThatLeftTheOldGenerationNearlyFullIsCollected() {
    long max = 400L << 20;
    long nearlyFull = (long) (LoadGarbage.FULL_OLD_GENERATION * max);
    assertThat(LoadGarbage.worthCollecting(LoadGarbage.MIN_RECORDS, nearlyFull, max)).isTrue();
    assertThat(LoadGarbage.worthCollecting(LoadGarbage.MIN_RECORDS, nearlyFull - 1, max)).isFalse();
    assertThat(LoadGarbage.worthCollecting(LoadGarbage.MIN_RECORDS - 1, max, max)).isFalse();
    // 1M-record benchmark zone in a 600 MB heap: before and after the load's temporaries shrank.
    assertThat(LoadGarbage.worthCollecting(1_000_000, 341L << 20, max)).isTrue();
    assertThat(LoadGarbage.worthCollecting(1_000_000, 268L << 20, max)).isFalse();
    // No old generation to read (ZGC): never.
    assertThat(LoadGarbage.worthCollecting(1_000_000, 0, -1)).isFalse();
  }
}
