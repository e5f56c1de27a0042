package io.tandemdns.sync.xfrout;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.diff.ZoneDiff;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The record sequences of transfer answers, built lazily over the immutable zone snapshot. */
final class RecordSequences {
  private RecordSequences() {}

  /** RFC 5936 §2.2: SOA, every other record, SOA again. */
  static Iterator<Record> axfr(Zone zone) {
    List<Iterable<? extends Record>> parts = new ArrayList<>();
    parts.add(List.of(zone.soa()));
    // records() lists the SOA first; skip it (and only it) here.
    parts.add(() -> zone.records().stream().filter(r -> r.getType() != Type.SOA).iterator());
    parts.add(List.of(zone.soa()));
    return concat(parts);
  }

  /**
   * RFC 1995 §4: the new SOA, then per difference sequence the old SOA, deletions, the new SOA,
   * additions, and the current SOA again at the end.
   */
  static Iterator<Record> ixfr(Zone zone, List<ZoneDiff> chain) {
    List<Iterable<? extends Record>> parts = new ArrayList<>();
    parts.add(List.of(zone.soa()));
    for (ZoneDiff d : chain) {
      parts.add(List.of(d.oldSoa()));
      parts.add(d.removed());
      parts.add(List.of(d.newSoa()));
      parts.add(d.added());
    }
    parts.add(List.of(zone.soa()));
    return concat(parts);
  }

  private static Iterator<Record> concat(List<Iterable<? extends Record>> parts) {
    return parts.stream()
        .<Record>flatMap(p -> java.util.stream.StreamSupport.stream(p.spliterator(), false))
        .iterator();
  }
}
