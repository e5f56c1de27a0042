package io.tandemdns.zone;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;

/**
 * An immutable RRset: records sharing owner, type and class, with the RRSIGs that cover them.
 *
 * <p>dnsjava's {@code RRset} rotates shared state on iteration, so the served model keeps its
 * own. All records carry the same TTL (RFC 2181 §5.2: the loader lowers them to the minimum).
 */
public final class RecordSet {
  private final Name name;
  private final int type;
  private final long ttl;
  private final List<Record> records;
  private final List<RRSIGRecord> signatures;

  public RecordSet(Name name, int type, long ttl, List<Record> records, List<RRSIGRecord> signatures) {
    this.name = Objects.requireNonNull(name);
    this.type = type;
    this.ttl = ttl;
    this.records = List.copyOf(records);
    this.signatures = List.copyOf(signatures);
  }

  /** Takes arrays built for this set and never touched again: wrapped read-only, not copied. */
  private RecordSet(Name name, int type, long ttl, Record[] records, RRSIGRecord[] signatures) {
    this.name = name;
    this.type = type;
    this.ttl = ttl;
    this.records = Collections.unmodifiableList(Arrays.asList(records));
    this.signatures = Collections.unmodifiableList(Arrays.asList(signatures));
  }

  public Name name() {
    return name;
  }

  public int type() {
    return type;
  }

  public long ttl() {
    return ttl;
  }

  /** The data records; never empty except for a signatures-only set (RRSIG queries). */
  public List<Record> records() {
    return records;
  }

  public List<RRSIGRecord> signatures() {
    return signatures;
  }

  /** The same data under another owner (wildcard synthesis, RFC 4592 §3.3.1). */
  public RecordSet withOwner(Name owner) {
    if (owner.equals(name)) {
      return this;
    }
    // Plain arrays rather than streams: this runs per wildcard answer on the miss path (issue 5).
    Record[] data = new Record[records.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = records.get(i).withName(owner);
    }
    RRSIGRecord[] sigs = new RRSIGRecord[signatures.size()];
    for (int i = 0; i < sigs.length; i++) {
      sigs[i] = (RRSIGRecord) signatures.get(i).withName(owner);
    }
    return new RecordSet(owner, type, ttl, data, sigs);
  }

  @Override
  public String toString() {
    return records.toString();
  }
}
