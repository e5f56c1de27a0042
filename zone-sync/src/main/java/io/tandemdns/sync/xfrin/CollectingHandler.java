package io.tandemdns.sync.xfrin;

import io.tandemdns.zone.diff.ZoneDiff;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Collects a streamed transfer (dnsjava {@code ZoneTransferIn.run(handler)}) while enforcing
 * the limits on every record, so a hostile primary is cut off early instead of filling memory.
 */
final class CollectingHandler implements ZoneTransferIn.ZoneTransferHandler {
  private final TransferLimits limits;
  private final long deadlineNanos;
  private boolean axfr;
  private boolean ixfr;
  private final List<Record> full = new ArrayList<>();
  private final List<ZoneDiff> diffs = new ArrayList<>();
  private SOARecord deltaOld;
  private SOARecord deltaNew;
  private List<Record> deletes;
  private List<Record> adds;
  private long records;
  private long bytes;

  CollectingHandler(TransferLimits limits, long startNanos) {
    this.limits = limits;
    this.deadlineNanos = startNanos + limits.maxTime().toNanos();
  }

  @Override
  public void startAXFR() {
    axfr = true;
    full.clear();
  }

  @Override
  public void startIXFR() {
    ixfr = true;
  }

  @Override
  public void startIXFRDeletes(Record soa) throws ZoneTransferException {
    finishDelta();
    count(soa);
    deltaOld = requireSoa(soa);
    deletes = new ArrayList<>();
    adds = null;
  }

  @Override
  public void startIXFRAdds(Record soa) throws ZoneTransferException {
    count(soa);
    deltaNew = requireSoa(soa);
    adds = new ArrayList<>();
  }

  @Override
  public void handleRecord(Record r) throws ZoneTransferException {
    count(r);
    if (axfr) {
      full.add(r);
    } else if (adds != null) {
      adds.add(r);
    } else if (deletes != null) {
      deletes.add(r);
    } else {
      throw new ZoneTransferException("record outside any IXFR sequence");
    }
  }

  private void count(Record r) throws ZoneTransferException {
    records++;
    bytes += r.toWire(Section.ANSWER).length;
    if (records > limits.maxRecords()) {
      throw new ZoneTransferException("more than " + limits.maxRecords() + " records");
    }
    if (bytes > limits.maxBytes()) {
      throw new ZoneTransferException("more than " + limits.maxBytes() + " bytes of records");
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new ZoneTransferException("took longer than " + limits.maxTime());
    }
  }

  private static SOARecord requireSoa(Record r) throws ZoneTransferException {
    if (r instanceof SOARecord soa) {
      return soa;
    }
    throw new ZoneTransferException("IXFR sequence not delimited by an SOA: " + r);
  }

  private void finishDelta() throws ZoneTransferException {
    if (deltaOld != null) {
      if (deltaNew == null) {
        throw new ZoneTransferException("IXFR sequence without an add section");
      }
      try {
        diffs.add(new ZoneDiff(deltaOld, deltaNew, deletes, adds));
      } catch (IllegalArgumentException e) {
        throw new ZoneTransferException("bad IXFR sequence: " + e.getMessage());
      }
    }
    deltaOld = null;
    deltaNew = null;
  }

  boolean isAxfr() {
    return axfr;
  }

  boolean isIxfr() {
    return ixfr && !axfr;
  }

  List<Record> fullRecords() {
    return full;
  }

  List<ZoneDiff> diffs() throws ZoneTransferException {
    finishDelta();
    return diffs;
  }

  long recordCount() {
    return records;
  }

  long byteCount() {
    return bytes;
  }
}
