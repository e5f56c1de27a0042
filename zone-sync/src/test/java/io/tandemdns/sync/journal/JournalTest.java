package io.tandemdns.sync.journal;

import static io.tandemdns.sync.TestZones.zone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.sync.TestZones;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.diff.DiffApplier;
import io.tandemdns.zone.diff.ZoneDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounds, persistence across reopen, chains and corruption detection. */
class JournalTest {
  @TempDir Path dir;

  /** Versions serial..serial+n-1 of a zone whose www record changes each time. */
  static List<Zone> versions(long firstSerial, int n) {
    List<Zone> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(zone((firstSerial + i) & 0xFFFFFFFFL, "www 300 IN A 192.0.2." + (i + 1) + "\n"));
    }
    return out;
  }

  static void journalAll(Journal j, List<Zone> v) throws Exception {
    for (int i = 1; i < v.size(); i++) {
      j.append(ZoneDiff.compute(v.get(i - 1), v.get(i)));
    }
  }

  @Test
  void chainsSurviveReopenAndApplyToTheNewestVersion() throws Exception {
    List<Zone> v = versions(4294967293L, 6); // crosses 2^32
    Journal j = Journal.open(dir, TestZones.ORIGIN, JournalLimits.DEFAULT);
    journalAll(j, v);

    Journal reopened = Journal.open(dir, TestZones.ORIGIN, JournalLimits.DEFAULT);
    assertThat(reopened.size()).isEqualTo(5);
    assertThat(reopened.firstSerial()).hasValue(4294967293L);
    assertThat(reopened.lastSerial()).hasValue(2);
    List<ZoneDiff> chain = reopened.chainFrom(4294967295L).orElseThrow();
    assertThat(chain).hasSize(3);
    Zone applied = DiffApplier.apply(v.get(2), chain);
    assertThat(TestZones.texts(applied.records())).isEqualTo(TestZones.texts(v.get(5).records()));
    Zone condensed = DiffApplier.apply(v.get(2), List.of(reopened.condensedFrom(4294967295L).orElseThrow()));
    assertThat(TestZones.texts(condensed.records())).isEqualTo(TestZones.texts(v.get(5).records()));

    assertThat(reopened.chainFrom(12345)).isEmpty(); // not in the journal → AXFR
    assertThat(reopened.chainFrom(2)).isEmpty(); // already current: nothing to chain
    assertThat(reopened.chainFrom(4294967295L, 1)).isEmpty(); // does not end where asked
  }

  @Test
  void entryBoundDropsTheOldest() throws Exception {
    Journal j = Journal.open(dir, TestZones.ORIGIN, new JournalLimits(3, 1 << 20));
    journalAll(j, versions(10, 7));
    assertThat(j.size()).isEqualTo(3);
    assertThat(j.firstSerial()).hasValue(13);
    assertThat(j.chainFrom(12)).isEmpty();
    assertThat(j.chainFrom(13)).get().asList().hasSize(3);
    assertThat(Journal.open(dir, TestZones.ORIGIN, new JournalLimits(2, 1 << 20)).firstSerial())
        .hasValue(14);
  }

  @Test
  void byteBoundDropsTheOldest() throws Exception {
    Journal probe = Journal.inMemory(TestZones.ORIGIN, JournalLimits.DEFAULT);
    List<Zone> v = versions(1, 6);
    probe.append(ZoneDiff.compute(v.get(0), v.get(1)));
    long oneEntry = probe.bytes();

    Journal j = Journal.open(dir, TestZones.ORIGIN, new JournalLimits(100, oneEntry * 2 + 1));
    journalAll(j, v);
    assertThat(j.size()).isEqualTo(2);
    assertThat(j.bytes()).isLessThanOrEqualTo(oneEntry * 2 + 1);
    assertThat(j.firstSerial()).hasValue(4);
  }

  @Test
  void aDiffThatDoesNotContinueStartsANewChain() throws Exception {
    Journal j = Journal.open(dir, TestZones.ORIGIN, JournalLimits.DEFAULT);
    journalAll(j, versions(1, 3));
    j.append(ZoneDiff.compute(zone(7, ""), zone(8, "x 300 IN A 192.0.2.8\n")));
    assertThat(j.size()).isEqualTo(1);
    assertThat(j.chainFrom(1)).isEmpty();
    assertThatThrownBy(() -> j.append(ZoneDiff.compute(zone(9, ""), zone(8, ""))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everySingleFlippedByteIsDetectedAndTheJournalDiscarded() throws Exception {
    Journal j = Journal.open(dir, TestZones.ORIGIN, JournalLimits.DEFAULT);
    journalAll(j, versions(1, 4));
    Path file = Journal.fileFor(dir, TestZones.ORIGIN);
    byte[] good = Files.readAllBytes(file);
    // Flip one bit at a spread of offsets through header and every entry.
    for (int off = 0; off < good.length; off += Math.max(1, good.length / 97)) {
      byte[] bad = good.clone();
      bad[off] ^= 0x10;
      Files.write(file, bad);
      Journal loaded = Journal.open(dir, TestZones.ORIGIN, JournalLimits.DEFAULT);
      assertThat(loaded.size()).as("flipped byte at offset %d", off).isZero();
      assertThat(loaded.chainFrom(1)).isEmpty();
      assertThat(file).doesNotExist();
      assertThat(file.resolveSibling(file.getFileName() + ".damaged")).exists();
    }
    Files.write(file, good);
    assertThat(Journal.open(dir, TestZones.ORIGIN, JournalLimits.DEFAULT).size()).isEqualTo(3);
  }

  @Test
  void truncatedFileAndForeignZoneAreDiscarded() throws Exception {
    Journal j = Journal.open(dir, TestZones.ORIGIN, JournalLimits.DEFAULT);
    journalAll(j, versions(1, 3));
    Path file = Journal.fileFor(dir, TestZones.ORIGIN);
    byte[] good = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(good, good.length - 5));
    assertThat(Journal.open(dir, TestZones.ORIGIN, JournalLimits.DEFAULT).size()).isZero();

    Files.write(file, good);
    Path other = Journal.fileFor(dir, org.xbill.DNS.Name.fromConstantString("example.net."));
    Files.copy(file, other);
    assertThat(Journal.open(dir, org.xbill.DNS.Name.fromConstantString("example.net."),
        JournalLimits.DEFAULT).size()).isZero();
  }
}
