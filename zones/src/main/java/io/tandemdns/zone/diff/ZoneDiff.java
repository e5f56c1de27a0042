package io.tandemdns.zone.diff;

import io.tandemdns.zone.Zone;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The change from one zone version to the next, in the shape of one IXFR difference sequence
 * (RFC 1995 §4): the old SOA, the records removed, the new SOA, the records added.
 *
 * <p>Records are compared the way DNS compares them: owner name case-insensitively, type, class
 * and canonical RDATA (dnsjava's {@link Record#equals}, RFC 4034 §6.2). A record whose TTL
 * changed is removed with the old TTL and added with the new one, so a secondary applying the
 * diff ends with the same TTLs. RRSIG and NSEC/NSEC3 records are records like any other. The SOA
 * itself is never in {@link #removed()} or {@link #added()}: in IXFR it is the delimiter.
 */
public record ZoneDiff(SOARecord oldSoa, SOARecord newSoa, List<Record> removed, List<Record> added) {

  public ZoneDiff {
    Objects.requireNonNull(oldSoa, "oldSoa");
    Objects.requireNonNull(newSoa, "newSoa");
    removed = List.copyOf(removed);
    added = List.copyOf(added);
    if (!oldSoa.getName().equals(newSoa.getName())) {
      throw new IllegalArgumentException(
          "diff SOAs of different zones: " + oldSoa.getName() + " and " + newSoa.getName());
    }
    for (Record r : removed) {
      rejectSoa(r);
    }
    for (Record r : added) {
      rejectSoa(r);
    }
  }

  private static void rejectSoa(Record r) {
    if (r.getType() == Type.SOA) {
      throw new IllegalArgumentException("the SOA delimits a diff and is not part of it: " + r);
    }
  }

  public long oldSerial() {
    return oldSoa.getSerial();
  }

  public long newSerial() {
    return newSoa.getSerial();
  }

  /** True when only the SOA changed. */
  public boolean isEmpty() {
    return removed.isEmpty() && added.isEmpty();
  }

  /** Computes the diff that turns {@code from} into {@code to} (same origin). */
  public static ZoneDiff compute(Zone from, Zone to) {
    if (!from.origin().equals(to.origin())) {
      throw new IllegalArgumentException(
          "cannot diff zone " + from.origin() + " against " + to.origin());
    }
    Map<Record, Record> before = new HashMap<>(from.recordCount() * 2);
    for (Record r : from.records()) {
      if (r.getType() != Type.SOA) {
        before.put(r, r);
      }
    }
    List<Record> added = new ArrayList<>();
    Set<Record> ttlChanged = new LinkedHashSet<>();
    Set<Record> kept = new java.util.HashSet<>(to.recordCount() * 2);
    for (Record r : to.records()) {
      if (r.getType() == Type.SOA) {
        continue;
      }
      Record old = before.get(r);
      if (old == null) {
        added.add(r);
      } else {
        kept.add(old);
        if (old.getTTL() != r.getTTL()) {
          ttlChanged.add(old);
          added.add(r);
        }
      }
    }
    List<Record> removed = new ArrayList<>();
    for (Record r : from.records()) {
      // Iterate the old zone in order so diffs are deterministic.
      if (r.getType() != Type.SOA && (!kept.contains(r) || ttlChanged.contains(r))) {
        removed.add(r);
      }
    }
    return new ZoneDiff(from.soa(), to.soa(), removed, added);
  }

  @Override
  public String toString() {
    return "diff " + oldSoa.getName() + " " + oldSerial() + "→" + newSerial() + " (-" + removed.size()
        + " +" + added.size() + ")";
  }
}
