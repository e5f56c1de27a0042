package io.tandemdns.zone;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.xbill.DNS.Name;

/** The NSEC records of a zone in canonical order (RFC 4034 §6.1), for covering-NSEC lookups. */
public final class NsecChain implements DenialChain {
  private final NavigableMap<Name, RecordSet> byOwner;

  NsecChain(Map<Name, RecordSet> nsecs) {
    this.byOwner = new TreeMap<>(nsecs);
  }

  /** The NSEC owned by exactly this name, or null. */
  public RecordSet at(Name name) {
    return byOwner.get(name);
  }

  /**
   * The NSEC whose owner is the greatest name canonically before {@code name}: it covers
   * {@code name} when that does not exist (RFC 4035 §3.1.3.2), or proves an empty non-terminal
   * has no data (its next name is below it). Null if the chain is empty.
   */
  public RecordSet covering(Name name) {
    Map.Entry<Name, RecordSet> e = byOwner.lowerEntry(name);
    if (e == null) {
      e = byOwner.lastEntry(); // wrap around to the last NSEC, whose next name is the apex
    }
    return e == null ? null : e.getValue();
  }

  public int size() {
    return byOwner.size();
  }
}
