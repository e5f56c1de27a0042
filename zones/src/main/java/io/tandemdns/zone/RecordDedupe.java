package io.tandemdns.zone;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.xbill.DNS.Record;

/**
 * Collapses identical records (RFC 2181 §5: an RRset is a set) while a zone is collected, one
 * list per owner and type. dnsjava's {@code Record.hashCode} serializes the whole record on every
 * call, so a zone-wide {@code HashSet<Record>} costs a serialization per record plus one per
 * collision; a list of a few records is scanned instead (most RRsets hold one or two), and only a
 * list that grows past {@link #SCAN_LIMIT} gets a hash index, so a huge RRset stays linear.
 */
public final class RecordDedupe<T> {
  static final int SCAN_LIMIT = 8;

  private final Function<T, Record> recordOf;
  /** Hash indexes of the large lists only, by list identity. */
  private final Map<List<T>, Set<Record>> indexes = new IdentityHashMap<>();

  /** @param recordOf the record an element stands for (equality is dnsjava's, TTL ignored) */
  public RecordDedupe(Function<T, Record> recordOf) {
    this.recordOf = recordOf;
  }

  /** Adds {@code item} to {@code list} unless an equal record is already there; true if added. */
  public boolean add(List<T> list, T item) {
    Record r = recordOf.apply(item);
    if (list.size() < SCAN_LIMIT) {
      for (T other : list) {
        if (recordOf.apply(other).equals(r)) {
          return false;
        }
      }
    } else {
      Set<Record> index = indexes.computeIfAbsent(list, l -> {
        Set<Record> s = new HashSet<>();
        l.forEach(x -> s.add(recordOf.apply(x)));
        return s;
      });
      if (!index.add(r)) {
        return false;
      }
    }
    list.add(item);
    return true;
  }
}
