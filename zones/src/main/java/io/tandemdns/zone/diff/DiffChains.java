package io.tandemdns.zone.diff;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Record;

/** Operations on consecutive diffs. */
public final class DiffChains {
  private DiffChains() {}

  /** True when each diff starts at the serial the previous one ended at. */
  public static boolean isContinuous(List<ZoneDiff> chain) {
    for (int i = 1; i < chain.size(); i++) {
      if (chain.get(i).oldSerial() != chain.get(i - 1).newSerial()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Condenses a chain into one diff with the same net effect: RFC 1995 §5 lets a server send
   * one difference sequence from the client's version to the current one instead of every
   * intermediate version. A record added and later removed inside the chain disappears; one
   * removed and re-added with the same TTL cancels out.
   */
  public static ZoneDiff condense(List<ZoneDiff> chain) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("cannot condense an empty chain");
    }
    if (!isContinuous(chain)) {
      throw new IllegalArgumentException("chain has a serial gap: " + chain);
    }
    if (chain.size() == 1) {
      return chain.get(0);
    }
    // Keys compare like IXFR deletions (TTL ignored); values keep the exact record.
    Map<Record, Record> removed = new LinkedHashMap<>();
    Map<Record, Record> added = new LinkedHashMap<>();
    for (ZoneDiff diff : chain) {
      for (Record r : diff.removed()) {
        // Removing a record the chain itself added undoes that addition; if the base also had
        // it (removed, re-added, removed again) its first removal is still in 'removed'.
        if (added.remove(r) == null) {
          removed.put(r, r);
        }
      }
      for (Record r : diff.added()) {
        Record gone = removed.get(r);
        if (gone != null && gone.getTTL() == r.getTTL()) {
          removed.remove(r);
        } else {
          added.put(r, r);
        }
      }
    }
    return new ZoneDiff(
        chain.get(0).oldSoa(),
        chain.get(chain.size() - 1).newSoa(),
        List.copyOf(removed.values()),
        List.copyOf(added.values()));
  }
}
