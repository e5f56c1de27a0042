package io.tandemdns.server;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Collects the start-up load's temporaries once, before the listeners open, when the load left
 * the old generation nearly full.
 *
 * <p>Why: building a large zone keeps its builder structures alive across many young
 * collections, so they are promoted into the old generation and die there. If that leaves the
 * old generation close to full, the first full collection lands in the middle of traffic: with
 * the benchmark's 600 MB heap (400 MB old) and the 1M-record zone, 341 MB were in use after the
 * load, the collection reclaimed 124 MB in a 560 ms pause, and the AXFR it hit took 1.56 s
 * instead of 0.92 s (issue 5). Collecting before anything is served moves that pause into the
 * start-up time, where Knot and NSD also spend their load.
 *
 * <p>Why not always: the pause is proportional to what is live (0.7-0.9 s for that zone, most of
 * its start-up beyond the load itself), and once the load's temporaries shrank (OwnerTable,
 * ParsedRecords, a streamed zone file) the same load leaves 268 MB of 400 in use; two minutes of
 * benchmark traffic and two AXFRs then grew it to 315 MB with no full collection.
 */
final class LoadGarbage {
  private static final Logger LOG = LogManager.getLogger(LoadGarbage.class);

  /** Below this many records the load's garbage is too small to be worth a collection. */
  static final long MIN_RECORDS = 100_000;
  /** From this fraction of the old generation in use, a full collection is near: take it now. */
  static final double FULL_OLD_GENERATION = 0.75;

  private LoadGarbage() {}

  /**
   * Whether a load of {@code records} that left {@code oldUsed} of {@code oldMax} bytes of the old
   * generation in use is followed by a collection. An unknown maximum (-1, or no pool) never is.
   */
  static boolean worthCollecting(long records, long oldUsed, long oldMax) {
    return records >= MIN_RECORDS && oldMax > 0 && oldUsed >= FULL_OLD_GENERATION * oldMax;
  }

  /**
   * The old generation's usage: the heap pool that supports a usage threshold and is not the
   * young generation's (PS Old Gen, G1 Old Gen, Tenured Gen); null for a collector without one
   * (ZGC, Shenandoah, Epsilon), which then never collects here.
   */
  static MemoryUsage oldGeneration() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      String name = pool.getName();
      if (pool.getType() == MemoryType.HEAP && pool.isUsageThresholdSupported()
          && (name.contains("Old") || name.contains("Tenured"))) {
        return pool.getUsage();
      }
    }
    return null;
  }

  /** Collects when {@link #worthCollecting} says so; returns whether it did. */
  static boolean collectAfterInitialLoad(ZoneRegistry loaded) {
    long records = 0;
    for (Zone z : loaded.zones()) {
      records += z.recordCount();
    }
    MemoryUsage old = oldGeneration();
    long used = old == null ? 0 : old.getUsed();
    long max = old == null ? -1 : old.getMax();
    if (!worthCollecting(records, used, max)) {
      if (records >= MIN_RECORDS) {
        LOG.info("no start-up collection: {} records loaded, old generation {} of {} MB in use", records,
            used >> 20, max >> 20);
      }
      return false;
    }
    long start = System.nanoTime();
    System.gc();
    LOG.info("collected the start-up load's garbage ({} records loaded, old generation {} of {} MB in use) in {} ms",
        records, used >> 20, max >> 20, (System.nanoTime() - start) / 1_000_000);
    return true;
  }
}
