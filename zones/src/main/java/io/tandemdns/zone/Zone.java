package io.tandemdns.zone;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * One immutable version of a zone. Reloads and transfers build a new Zone and swap a reference;
 * readers never lock and never see a half-applied change.
 */
public final class Zone {
  private static final AtomicLong GENERATIONS = new AtomicLong();

  private final Name origin;
  private final NodeIndex nodes;
  private final Node apex;
  private final List<Record> records;
  private final SOARecord soa;
  private final RecordSet negativeSoa;
  private final DenialChain denial;
  private final long generation = GENERATIONS.incrementAndGet();

  Zone(Name origin, NodeIndex nodes, List<Record> records, SOARecord soa, RecordSet negativeSoa,
      DenialChain denial) {
    this.denial = denial;
    this.origin = origin;
    this.nodes = nodes;
    this.apex = nodes.get(origin);
    this.records = records;
    this.soa = soa;
    this.negativeSoa = negativeSoa;
  }

  public Name origin() {
    return origin;
  }

  public SOARecord soa() {
    return soa;
  }

  public long serial() {
    return soa.getSerial();
  }

  /**
   * Unique per built snapshot in this process: response-cache keys include it, so a new
   * snapshot needs no explicit flush.
   */
  public long generation() {
    return generation;
  }

  public Node apex() {
    return apex;
  }

  /** The node with exactly this owner (empty non-terminals included), or null. */
  public Node node(Name name) {
    return nodes.get(name);
  }

  /**
   * The deepest existing node at or above {@code qname} (RFC 4592 §3.3.1 closest encloser, when
   * qname itself does not exist). Empty non-terminals exist, so this is never null for a name
   * inside the zone, and always null for a name outside it.
   */
  public Node closestEncloser(Name qname) {
    int below = qname.labels() - origin.labels();
    if (below < 0) {
      return null;
    }
    // The apex is held, not looked up: a name right below it that does not exist (most
    // NXDOMAINs) costs one probe, not two.
    for (int strip = 0; strip < below; strip++) {
      Node node = nodes.get(strip == 0 ? qname : new Name(qname, strip));
      if (node != null) {
        return node;
      }
    }
    return qname.subdomain(origin) ? apex : null;
  }

  /** The SOA to put in the authority section of negative answers, TTL per RFC 2308 §3. */
  public RecordSet negativeSoa() {
    return negativeSoa;
  }

  /** A signed zone: the apex has a DNSKEY RRset (RFC 4035 §2.1). */
  public boolean isSigned() {
    return apex().get(org.xbill.DNS.Type.DNSKEY) != null;
  }

  /** The NSEC or NSEC3 chain of a signed zone, or null for an unsigned one. */
  public DenialChain denial() {
    return denial;
  }

  /** Every record of the zone, SOA first (the order of an AXFR body). */
  public List<Record> records() {
    return records;
  }

  public int recordCount() {
    return records.size();
  }

  public int nodeCount() {
    return nodes.size();
  }

  public boolean contains(Name name) {
    return name.subdomain(origin);
  }

  @Override
  public String toString() {
    return origin + " serial " + serial();
  }
}
