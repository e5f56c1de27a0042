package io.tandemdns.sync.store;

import static io.tandemdns.sync.TestZones.zone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.sync.TestZones;
import io.tandemdns.zone.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trip, atomic replacement, timers sidecar and corruption detection. */
class ZoneStoreTest {
  static final String SIGNED = "www 300 IN A 192.0.2.1\n"
      + "www 300 IN RRSIG A 13 3 300 20300101000000 20200101000000 1 example.com. AAAA\n"
      + "odd 300 IN TYPE65280 \\# 3 010203\n";
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void roundTripKeepsEveryRecordAndTheTimestamps() throws Exception {
    Zone z = zone(4294967295L, SIGNED);
    ZoneStore store = new ZoneStore(dir, TestZones.ORIGIN);
    assertThat(store.load()).isEmpty();
    store.save(new StoredZone(z, T0, T0.plusSeconds(86400)));

    StoredZone loaded = new ZoneStore(dir, TestZones.ORIGIN).load().orElseThrow();
    assertThat(loaded.zone().serial()).isEqualTo(4294967295L);
    assertThat(TestZones.texts(loaded.zone().records())).isEqualTo(TestZones.texts(z.records()));
    assertThat(loaded.lastRefresh()).isEqualTo(T0);
    assertThat(loaded.expireAt()).isEqualTo(T0.plusSeconds(86400));
    assertThat(loaded.isExpiredAt(T0.plusSeconds(86399))).isFalse();
    assertThat(loaded.isExpiredAt(T0.plusSeconds(86400))).isTrue();
  }

  @Test
  void timestampsUpdateWithoutRewritingTheZoneAndGoStaleWithANewZone() throws Exception {
    ZoneStore store = new ZoneStore(dir, TestZones.ORIGIN);
    store.save(new StoredZone(zone(1, ""), T0, T0.plusSeconds(100)));
    byte[] zoneBytes = Files.readAllBytes(store.zoneFile());
    store.saveTimestamps(T0.plusSeconds(50), T0.plusSeconds(150));
    assertThat(Files.readAllBytes(store.zoneFile())).isEqualTo(zoneBytes);
    assertThat(store.load().orElseThrow().expireAt()).isEqualTo(T0.plusSeconds(150));

    // Damaged timers: fall back to the zone file's own (older, safe) timestamps.
    Path timers = dir.resolve("example.com.timers");
    byte[] t = Files.readAllBytes(timers);
    t[t.length / 2] ^= 1;
    Files.write(timers, t);
    assertThat(store.load().orElseThrow().expireAt()).isEqualTo(T0.plusSeconds(100));

    store.saveTimestamps(T0.plusSeconds(50), T0.plusSeconds(150));
    store.save(new StoredZone(zone(2, ""), T0.plusSeconds(60), T0.plusSeconds(160)));
    assertThat(store.load().orElseThrow().expireAt()).isEqualTo(T0.plusSeconds(160));
  }

  @Test
  void replacementLeavesNoTemporaryFiles() throws Exception {
    ZoneStore store = new ZoneStore(dir, TestZones.ORIGIN);
    for (int i = 1; i <= 5; i++) {
      store.save(new StoredZone(zone(i, TestZones.hosts(50, "h")), T0, T0.plusSeconds(i)));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("example.com.zone");
    }
    assertThat(store.load().orElseThrow().zone().serial()).isEqualTo(5);
  }

  @Test
  void anyFlippedByteOrTruncationIsRejected() throws Exception {
    ZoneStore store = new ZoneStore(dir, TestZones.ORIGIN);
    store.save(new StoredZone(zone(7, SIGNED), T0, T0.plusSeconds(100)));
    byte[] good = Files.readAllBytes(store.zoneFile());
    for (int off = 0; off < good.length; off += Math.max(1, good.length / 61)) {
      byte[] bad = good.clone();
      bad[off] ^= (byte) 0x80;
      Files.write(store.zoneFile(), bad);
      int at = off;
      assertThatThrownBy(store::load).as("flip at %d", at).isInstanceOf(StoreCorruptException.class);
    }
    Files.write(store.zoneFile(), java.util.Arrays.copyOf(good, good.length - 1));
    assertThatThrownBy(store::load).isInstanceOf(StoreCorruptException.class)
        .hasMessageContaining("example.com.zone");

    store.discard();
    assertThat(store.load()).isEmpty();
    assertThat(dir.resolve("example.com.zone.damaged")).exists();
  }

  @Test
  void aFileOfAnotherZoneIsRejected() throws Exception {
    ZoneStore store = new ZoneStore(dir, TestZones.ORIGIN);
    store.save(new StoredZone(zone(7, ""), T0, T0.plusSeconds(100)));
    org.xbill.DNS.Name other = org.xbill.DNS.Name.fromConstantString("example.net.");
    Files.copy(store.zoneFile(), dir.resolve("example.net.zone"));
    assertThatThrownBy(() -> new ZoneStore(dir, other).load())
        .isInstanceOf(StoreCorruptException.class).hasMessageContaining("another zone");
  }
}
