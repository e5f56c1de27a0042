package io.tandemdns.sync.xfrout;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.diff.ZoneDiff;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The record sequences of transfer answers, built lazily over the immutable zone snapshot. */
final class RecordSequences {
  private RecordSequences() {}

  /** RFC 5936 §2.2: SOA, every other record, SOA again. */
  static Iterator<Record> axfr(Zone zone) {
    List<Iterable<? extends Record>> parts = new ArrayList<>();
    parts.add(List.of(zone.soa()));
    // records() lists the SOA first, and only there (ZoneBuilder): skip it.
    List<Record> all = zone.records();
    parts.add(all.isEmpty() || all.get(0).getType() != Type.SOA ? all : all.subList(1, all.size()));
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

  /**
   * The parts one after the other. A plain iterator, not a flat-mapped stream: a stream's
   * iterator adapter buffers element by element, and an AXFR of a 1M-record zone runs it a
   * million times, the first time before the JIT has compiled any of it (issue 5).
   */
  private static Iterator<Record> concat(List<Iterable<? extends Record>> parts) {
    Iterator<Iterable<? extends Record>> next = parts.iterator();
    return new Iterator<>() {
      private Iterator<? extends Record> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          if (!next.hasNext()) {
            return false;
          }
          current = next.next().iterator();
        }
        return true;
      }

      @Override
      public Record next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }
}
