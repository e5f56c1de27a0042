package io.tandemdns.zone;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The immutable set of served zones. A change builds a new registry; the server swaps one
 * reference, so a query sees one consistent set of snapshots.
 */
public final class ZoneRegistry {
  /** Source of {@link #generation()}: 1, 2, ...; declared before EMPTY, which takes one. */
  private static final AtomicLong GENERATIONS = new AtomicLong();

  private static final ZoneRegistry EMPTY = new ZoneRegistry(Map.of());

  private final Map<Name, Zone> byOrigin;
  /** Unique per registry instance; see {@link #generation()}. */
  private final long generation = GENERATIONS.incrementAndGet();
  /**
   * Zones configured but without data to serve (a secondary before its first transfer or after
   * EXPIRE): their names are answered SERVFAIL, not REFUSED (RFC 1035 §4.3.5 / RFC 2181 §5.4).
   */
  private final Set<Name> unavailable;
  /**
   * Per label count (root counts as one; names have at most 128), the served zones of that
   * depth: null when there are none, so the search for a qname's zone probes only suffixes that
   * can be an origin (with the usual few zones of one depth, one comparison per query); the
   * {@link #MANY} marker when there are more than {@link #FEW_PER_DEPTH}, so the map is probed.
   * Comparing the qname's suffix in place with a few origins allocates nothing; probing the map
   * needs the suffix as a Name of its own, a copy per query on the miss path (issue 5).
   */
  private final Zone[][] atDepth = new Zone[129][];

  private static final int FEW_PER_DEPTH = 4;
  private static final Zone[] MANY = new Zone[0];

  private ZoneRegistry(Map<Name, Zone> byOrigin) {
    this(byOrigin, Set.of());
  }

  private ZoneRegistry(Map<Name, Zone> byOrigin, Set<Name> unavailable) {
    this.byOrigin = byOrigin;
    this.unavailable = unavailable;
    for (Zone z : byOrigin.values()) {
      int depth = z.origin().labels();
      Zone[] few = atDepth[depth];
      if (few == MANY) {
        continue;
      }
      if (few != null && few.length == FEW_PER_DEPTH) {
        atDepth[depth] = MANY;
        continue;
      }
      few = few == null ? new Zone[1] : Arrays.copyOf(few, few.length + 1);
      few[few.length - 1] = z;
      atDepth[depth] = few;
    }
  }

  public static ZoneRegistry empty() {
    return EMPTY;
  }

  public static ZoneRegistry of(Collection<Zone> zones) {
    Map<Name, Zone> map = new HashMap<>();
    for (Zone z : zones) {
      if (map.put(z.origin(), z) != null) {
        throw new IllegalArgumentException("zone " + z.origin() + " given twice");
      }
    }
    return new ZoneRegistry(Map.copyOf(map));
  }

  /** A registry with this zone added or replacing the one of the same origin. */
  public ZoneRegistry with(Zone zone) {
    Map<Name, Zone> map = new HashMap<>(byOrigin);
    map.put(zone.origin(), zone);
    return new ZoneRegistry(Map.copyOf(map), withoutName(unavailable, zone.origin()));
  }

  /** A registry where {@code origin} is configured but has no data: its names get SERVFAIL. */
  public ZoneRegistry withUnavailable(Name origin) {
    Map<Name, Zone> map = new HashMap<>(byOrigin);
    map.remove(origin);
    Set<Name> set = new HashSet<>(unavailable);
    set.add(origin);
    return new ZoneRegistry(Map.copyOf(map), Set.copyOf(set));
  }

  /**
   * True when {@code qname} belongs to an unavailable zone deeper than {@code found} (the zone
   * {@link #find} returned, or null): the query must be answered SERVFAIL.
   */
  public boolean isUnavailable(Name qname, Zone found) {
    if (unavailable.isEmpty()) {
      return false;
    }
    int stop = found == null ? qname.labels() : qname.labels() - found.origin().labels();
    for (int strip = 0; strip < stop; strip++) {
      if (unavailable.contains(strip == 0 ? qname : new Name(qname, strip))) {
        return true;
      }
    }
    return false;
  }

  private static Set<Name> withoutName(Set<Name> set, Name name) {
    if (!set.contains(name)) {
      return set;
    }
    Set<Name> copy = new HashSet<>(set);
    copy.remove(name);
    return Set.copyOf(copy);
  }

  public ZoneRegistry without(Name origin) {
    if (!byOrigin.containsKey(origin)) {
      return this;
    }
    Map<Name, Zone> map = new HashMap<>(byOrigin);
    map.remove(origin);
    return new ZoneRegistry(Map.copyOf(map), unavailable);
  }

  /**
   * Unique per registry instance in this process (never 0). The registry is immutable and names
   * every zone snapshot (and every unavailable zone) a query can see, so the same question asked
   * of the same generation always has the same answer: response caches key on it, and an answer
   * spanning several zones (a CNAME into another served zone) is cacheable too.
   */
  public long generation() {
    return generation;
  }

  public Zone get(Name origin) {
    return byOrigin.get(origin);
  }

  public Collection<Zone> zones() {
    return List.copyOf(byOrigin.values());
  }

  public int size() {
    return byOrigin.size();
  }

  /** The deepest served zone containing {@code qname}, or null (the query is REFUSED). */
  public Zone find(Name qname) {
    return deepest(qname, 0);
  }

  /**
   * The zone that answers {@code qtype} at {@code qname}. DS lives on the parent side of a cut
   * (RFC 4035 §3.1.4.1): at a served child's apex, answer DS from the served parent if any.
   */
  public Zone find(Name qname, int qtype) {
    Zone zone = deepest(qname, 0);
    if (qtype == Type.DS && zone != null && zone.origin().equals(qname) && qname.labels() > 1) {
      Zone parent = deepest(qname, 1);
      if (parent != null) {
        return parent;
      }
    }
    return zone;
  }

  private Zone deepest(Name qname, int firstStrip) {
    if (byOrigin.isEmpty()) {
      return null;
    }
    for (int strip = firstStrip; strip < qname.labels(); strip++) {
      Zone[] few = atDepth[qname.labels() - strip];
      if (few == null) {
        continue;
      }
      if (few != MANY) {
        // An origin of exactly this depth is a suffix of qname iff qname is below or at it.
        for (Zone z : few) {
          if (qname.subdomain(z.origin())) {
            return z;
          }
        }
        continue;
      }
      Zone z = byOrigin.get(strip == 0 ? qname : new Name(qname, strip));
      if (z != null) {
        return z;
      }
    }
    return null;
  }
}
