package io.tandemdns.zone;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The immutable set of served zones. A change builds a new registry; the server swaps one
 * reference, so a query sees one consistent set of snapshots.
 */
public final class ZoneRegistry {
  private static final ZoneRegistry EMPTY = new ZoneRegistry(Map.of());

  private final Map<Name, Zone> byOrigin;

  private ZoneRegistry(Map<Name, Zone> byOrigin) {
    this.byOrigin = byOrigin;
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
    return new ZoneRegistry(Map.copyOf(map));
  }

  public ZoneRegistry without(Name origin) {
    if (!byOrigin.containsKey(origin)) {
      return this;
    }
    Map<Name, Zone> map = new HashMap<>(byOrigin);
    map.remove(origin);
    return new ZoneRegistry(Map.copyOf(map));
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
      Zone z = byOrigin.get(strip == 0 ? qname : new Name(qname, strip));
      if (z != null) {
        return z;
      }
    }
    return null;
  }
}
