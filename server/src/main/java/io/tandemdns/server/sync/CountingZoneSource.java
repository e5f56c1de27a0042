package io.tandemdns.server.sync;

import io.tandemdns.sync.refresh.ZoneSource;
import io.tandemdns.sync.xfrin.Primary;
import io.tandemdns.sync.xfrin.TransferException;
import io.tandemdns.sync.xfrin.TransferResult;
import io.tandemdns.zone.Zone;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.Name;

/**
 * Counts incoming transfers by outcome (for operators and the interop tests) and logs the failed
 * ones; the transfer client logs each successful one with records, bytes and duration.
 */
final class CountingZoneSource implements ZoneSource {
  private static final Logger LOG = OutgoingTransfer.LOG;

  final AtomicLong incremental = new AtomicLong();
  final AtomicLong full = new AtomicLong();
  final AtomicLong upToDate = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  private final ZoneSource delegate;

  CountingZoneSource(ZoneSource delegate) {
    this.delegate = delegate;
  }

  @Override
  public long querySerial(Name origin, Primary primary) throws TransferException {
    return delegate.querySerial(origin, primary);
  }

  @Override
  public TransferResult transfer(Name origin, Primary primary, Zone current) throws TransferException {
    long start = System.nanoTime();
    try {
      TransferResult r = delegate.transfer(origin, primary, current);
      if (r instanceof TransferResult.Incremental) {
        incremental.incrementAndGet();
      } else if (r instanceof TransferResult.Full) {
        full.incrementAndGet();
      } else {
        upToDate.incrementAndGet();
      }
      return r;
    } catch (TransferException e) {
      failed.incrementAndGet();
      LOG.warn("zone {} {} in from {}: FAILED, serial {}→?, {} ms: {}", origin, current == null ? "AXFR" : "IXFR",
          primary, current == null ? "none" : current.serial(), (System.nanoTime() - start) / 1_000_000,
          e.getMessage());
      throw e;
    }
  }
}
