package io.tandemdns.zone;

import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The records a {@link ZoneBuilder} has collected, by owner, owners in order of first appearance:
 * the owners and their records in two arrays indexed by that order, and an open-addressing hash
 * table (as {@link NodeIndex}) from name to index. An owner's value is its one record, or a list
 * once it has two or more.
 *
 * <p>Why not a {@code LinkedHashMap<Name, List<Record>>}: it lives for a whole large load, so
 * every young collection copies its entries into the old generation, where they die when the zone
 * is built. On the 1M-record benchmark zone its 590k entries and its table were 32 MB of that
 * garbage (issue 5; with the streamed zone file and {@code ParsedRecords} the load's old garbage
 * fell from 124 to 51-59 MB). Here the table is four arrays, and an owner of one record has no
 * list (that zone's owners mostly have two or more: 507k lists, 12 MB, remain). The arrays are in file
 * order, not hash order, because a collection copies the names and records in the order it finds
 * them: in hash order the zone's names ended scattered, and the checks' and the build's walks
 * over them missed the cache (the load was ~0.3 s slower).
 *
 * <p>Read by index ({@link #nameAt}, {@link #recordsAt}) rather than through a {@code Map} view:
 * an entry object per owner per pass also cost the checks. The lists handed out are the table's
 * own; callers only read them.
 */
public final class OwnerTable {
  private static final double MAX_LOAD = 0.6;

  private int[] hashes; // 0: empty slot
  private int[] indexes; // slot -> owner index
  private Name[] names; // by owner index
  /** By owner index: a {@link Record}, or a {@code List<Record>} of two or more. */
  private Object[] values;
  private int mask;
  private int size;

  /** @param expected about how many owners will be added, or an upper bound (sizes it once) */
  OwnerTable(int expected) {
    int capacity = Integer.highestOneBit((int) Math.min(1 << 30, Math.max(16, (long) (expected / MAX_LOAD)) * 2 - 1));
    hashes = new int[capacity];
    indexes = new int[capacity];
    int owners = Math.max(16, Math.min(expected, capacity));
    names = new Name[owners];
    values = new Object[owners];
    mask = capacity - 1;
  }

  public int size() {
    return size;
  }

  /** The index of {@code name}, or -1. */
  private int find(Name name, int h) {
    for (int i = h & mask; ; i = (i + 1) & mask) {
      if (hashes[i] == 0) {
        return -1;
      }
      if (hashes[i] == h && names[indexes[i]].equals(name)) {
        return indexes[i];
      }
    }
  }

  /** The index of {@code name}, adding it with a null value if absent. */
  int indexOf(Name name) {
    int h = NodeIndex.spread(name);
    int found = find(name, h);
    if (found >= 0) {
      return found;
    }
    if (size + 1 > hashes.length * MAX_LOAD) {
      grow();
    }
    int i = NodeIndex.freeSlot(hashes, h);
    hashes[i] = h;
    indexes[i] = size;
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    return size++;
  }

  Object value(int index) {
    return values[index];
  }

  void setValue(int index, Object value) {
    values[index] = value;
  }

  /** The records of the {@code k}-th owner added. */
  public List<Record> recordsAt(int k) {
    return asList(values[k]);
  }

  public Name nameAt(int k) {
    return names[k];
  }

  /** The records of {@code name}, or null. */
  public List<Record> get(Name name) {
    int k = find(name, NodeIndex.spread(name));
    return k < 0 ? null : asList(values[k]);
  }

  @SuppressWarnings("unchecked")
  private static List<Record> asList(Object value) {
    return value instanceof Record r ? List.of(r) : (List<Record>) value;
  }

  private void grow() {
    int[] oldHashes = hashes;
    int[] oldIndexes = indexes;
    hashes = new int[oldHashes.length * 2];
    indexes = new int[hashes.length];
    mask = hashes.length - 1;
    for (int j = 0; j < oldHashes.length; j++) {
      int h = oldHashes[j];
      if (h != 0) {
        int i = NodeIndex.freeSlot(hashes, h);
        hashes[i] = h;
        indexes[i] = oldIndexes[j];
      }
    }
  }
}
