package io.tandemdns.zone.diff;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Applies an IXFR chain of diffs to a zone, producing a new snapshot (RFC 1995 §4).
 *
 * <p>All or nothing: every check happens on a private working copy and the result is built with
 * {@link ZoneBuilder}; on any mismatch a {@link DiffException} is thrown and the base zone, which
 * is immutable, is what keeps serving. A secondary never serves a half-applied IXFR.
 */
public final class DiffApplier {
  private DiffApplier() {}

  public static Zone apply(Zone base, List<ZoneDiff> chain) throws DiffException {
    if (chain.isEmpty()) {
      return base;
    }
    // Keyed by Record equality (owner, type, class, canonical RDATA; TTL ignored), which is how
    // an IXFR deletion names the record it removes.
    Map<Record, Record> records = new LinkedHashMap<>(base.recordCount() * 2);
    for (Record r : base.records()) {
      if (r.getType() != Type.SOA) {
        records.put(r, r);
      }
    }
    SOARecord soa = base.soa();
    for (ZoneDiff diff : chain) {
      if (!diff.oldSoa().getName().equals(base.origin())) {
        throw new DiffException(diff + " is for another zone than " + base.origin());
      }
      if (diff.oldSerial() != soa.getSerial()) {
        throw new DiffException(
            base.origin() + ": " + diff + " starts at serial " + diff.oldSerial()
                + " but the zone is at " + soa.getSerial());
      }
      // RFC 1995 §4 sequences go forward; a backwards step would let a primary roll us back.
      if (!Serial.isNewer(diff.newSerial(), diff.oldSerial())) {
        throw new DiffException(
            base.origin() + ": " + diff + " does not increase the serial (RFC 1982)");
      }
      for (Record r : diff.removed()) {
        if (records.remove(r) == null) {
          throw new DiffException(
              base.origin() + ": " + diff + " deletes a record that is not in the zone: " + r);
        }
      }
      for (Record r : diff.added()) {
        records.put(r, r);
      }
      soa = diff.newSoa();
    }
    try {
      return new ZoneBuilder(base.origin()).add(soa).addAll(records.values()).build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new DiffException(base.origin() + ": result of the diff chain is not a valid zone: "
          + e.getMessage(), e);
    }
  }
}
