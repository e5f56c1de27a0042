package io.tandemdns.zone.load;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;
import org.xbill.DNS.Record;

/**
 * The records a {@link MasterFileParser} read, with where each was written, in three parallel
 * arrays; {@link #get} makes the {@link LocatedRecord} a check asks for.
 *
 * <p>Why not an {@code ArrayList<LocatedRecord>}: the list lives for a whole large load, so every
 * young collection copies what it holds into the old generation, where it dies once the zone is
 * checked. On the 1M-record benchmark zone that was 1M objects and ~28 MB of the load's old
 * garbage (issue 5); here it is three arrays, ~12 MB, and the records a check looks at come and
 * go in the young generation.
 */
final class ParsedRecords extends AbstractList<LocatedRecord> implements RandomAccess {
  private Record[] records = new Record[16];
  private String[] files = new String[16];
  private int[] lines = new int[16];
  private int size;

  void add(Record record, String file, int line) {
    if (size == records.length) {
      ensureCapacity(Math.max(16, size * 2));
    }
    records[size] = record;
    files[size] = file;
    lines[size] = line;
    size++;
  }

  /** Room for {@code capacity} records without growing: each large copy is old-generation garbage. */
  void ensureCapacity(int capacity) {
    if (capacity > records.length) {
      records = Arrays.copyOf(records, capacity);
      files = Arrays.copyOf(files, capacity);
      lines = Arrays.copyOf(lines, capacity);
    }
  }

  /** Drops every record and the arrays that held them. */
  @Override
  public void clear() {
    records = new Record[0];
    files = new String[0];
    lines = new int[0];
    size = 0;
  }

  @Override
  public LocatedRecord get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return new LocatedRecord(records[index], files[index], lines[index]);
  }

  @Override
  public int size() {
    return size;
  }
}
