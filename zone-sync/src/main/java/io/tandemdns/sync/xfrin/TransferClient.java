package io.tandemdns.sync.xfrin;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneBuilder;
import io.tandemdns.zone.diff.DiffApplier;
import io.tandemdns.zone.diff.DiffException;
import io.tandemdns.zone.diff.Serial;
import io.tandemdns.zone.diff.ZoneDiff;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Pulls a zone from one primary: IXFR from our serial first (RFC 1995), AXFR when we have no
 * copy, when the primary answers IXFR with a full zone or refuses IXFR, or when its diffs do
 * not apply to our copy. dnsjava's {@link ZoneTransferIn} verifies TSIG on every message
 * (RFC 8945 §5.3.1); it blocks, so call this off any event loop.
 *
 * <p>Everything is validated before returning — SOA first and last, one zone, serial newer
 * than ours per RFC 1982, the records build a {@link Zone} — so any failure throws and the
 * caller's serving copy stays as it was.
 */
public final class TransferClient {
  private static final Logger LOG = LogManager.getLogger(TransferClient.class);
  /** RCODEs to an IXFR request after which an AXFR is worth trying (RFC 1995 §2 fallbacks). */
  private static final Set<String> IXFR_REFUSALS = Set.of("NOTIMP", "REFUSED", "FORMERR", "SERVFAIL");

  private final TransferLimits limits;
  private final InetAddress localAddress;

  /**
   * @param localAddress source address for the TCP connection (BIND's {@code transfer-source};
   *     primaries often authorise by address), or null for the system's choice
   */
  public TransferClient(TransferLimits limits, InetAddress localAddress) {
    this.limits = limits;
    this.localAddress = localAddress;
  }

  /**
   * Transfers {@code origin} from {@code primary}: IXFR from {@code current}'s serial, or AXFR
   * when {@code current} is null.
   */
  public TransferResult pull(Name origin, Primary primary, Zone current) throws TransferException {
    if (current == null) {
      return axfr(origin, primary, null);
    }
    long start = System.nanoTime();
    CollectingHandler h = new CollectingHandler(limits, start);
    ZoneTransferIn xfr = ZoneTransferIn.newIXFR(origin, current.serial(), true, primary.address(), primary.key());
    try {
      run(xfr, h);
    } catch (TransferException e) {
      if (isRefusal(e)) {
        LOG.info("zone {}: IXFR from {} refused ({}); trying AXFR", origin, primary, e.getMessage());
        return axfr(origin, primary, current);
      }
      throw e;
    }
    if (!h.isAxfr() && !h.isIxfr()) { // dnsjava ended at the first SOA: not newer
      log(origin, "IXFR", primary, "ok, up to date at serial " + current.serial(), start, h);
      // dnsjava does not expose the primary's SOA on a single-SOA answer; it is not newer.
      return new TransferResult.UpToDate(current.serial());
    }
    if (h.isAxfr()) {
      Zone zone = buildFull(origin, h.fullRecords(), current);
      log(origin, "IXFR→AXFR-style", primary, "ok, serial " + current.serial() + "→" + zone.serial(), start, h);
      return new TransferResult.Full(zone);
    }
    List<ZoneDiff> chain;
    try {
      chain = h.diffs();
    } catch (ZoneTransferException e) {
      throw new TransferException(origin + ": IXFR from " + primary + " malformed: " + e.getMessage(), e);
    }
    try {
      Zone zone = DiffApplier.apply(current, chain);
      requireNewer(origin, primary, zone.serial(), current);
      log(origin, "IXFR", primary, "ok, serial " + current.serial() + "→" + zone.serial() + " in " + chain.size()
          + " diffs", start, h);
      return new TransferResult.Incremental(zone, chain);
    } catch (DiffException e) {
      // The primary's history does not fit our copy (e.g. our copy came from another primary):
      // a full transfer resynchronises (what BIND and Knot do too).
      LOG.warn("zone {}: IXFR from {} does not apply to serial {}: {}; trying AXFR",
          origin, primary, current.serial(), e.getMessage());
      return axfr(origin, primary, current);
    }
  }

  private TransferResult axfr(Name origin, Primary primary, Zone current) throws TransferException {
    long start = System.nanoTime();
    CollectingHandler h = new CollectingHandler(limits, start);
    run(ZoneTransferIn.newAXFR(origin, primary.address(), primary.key()), h);
    if (!h.isAxfr()) {
      throw new TransferException(origin + ": AXFR from " + primary + " returned no zone");
    }
    Zone zone = buildFull(origin, h.fullRecords(), current);
    log(origin, "AXFR", primary, "ok, serial " + (current == null ? "none" : current.serial()) + "→" + zone.serial(),
        start, h);
    return new TransferResult.Full(zone);
  }

  private void run(ZoneTransferIn xfr, CollectingHandler h) throws TransferException {
    // ZoneTransferIn's timeout is one deadline for connect + all reads (TCPClient start time).
    xfr.setTimeout(limits.maxTime());
    if (localAddress != null) {
      xfr.setLocalAddress(new InetSocketAddress(localAddress, 0));
    }
    try {
      xfr.run(h);
    } catch (ZoneTransferException e) {
      throw new TransferException(xfr.getName() + ": transfer failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new TransferException(xfr.getName() + ": transfer I/O error: " + e, e);
    } catch (RuntimeException e) {
      // dnsjava may throw unchecked exceptions on malformed input; never let them escape.
      throw new TransferException(xfr.getName() + ": malformed transfer: " + e, e);
    }
  }

  private static boolean isRefusal(TransferException e) {
    Throwable cause = e.getCause();
    return cause instanceof ZoneTransferException && IXFR_REFUSALS.contains(cause.getMessage());
  }

  /** RFC 5936 §2.2: SOA first and last, the same SOA; then the records must build a zone. */
  private static Zone buildFull(Name origin, List<Record> records, Zone current) throws TransferException {
    if (records.size() < 2 || records.get(0).getType() != Type.SOA
        || records.get(records.size() - 1).getType() != Type.SOA) {
      throw new TransferException(origin + ": transfer does not start and end with an SOA");
    }
    SOARecord first = (SOARecord) records.get(0);
    SOARecord last = (SOARecord) records.get(records.size() - 1);
    if (first.getSerial() != last.getSerial() || !first.getName().equals(origin)) {
      throw new TransferException(origin + ": first and last SOA differ (" + first.getSerial()
          + " vs " + last.getSerial() + ") or belong to another zone");
    }
    Zone zone;
    try {
      ZoneBuilder b = new ZoneBuilder(origin);
      for (int i = 0; i < records.size() - 1; i++) {
        Record r = records.get(i);
        if (i > 0 && r.getType() == Type.SOA) {
          throw new TransferException(origin + ": extra SOA inside the transfer: " + r);
        }
        b.add(r);
      }
      zone = b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new TransferException(origin + ": transferred zone is invalid: " + e.getMessage(), e);
    }
    if (current != null) {
      requireNewer(origin, null, zone.serial(), current);
    }
    return zone;
  }

  private static void requireNewer(Name origin, Primary primary, long serial, Zone current)
      throws TransferException {
    if (!Serial.isNewer(serial, current.serial())) {
      throw new TransferException(origin + ": transferred serial " + serial
          + " is not newer than ours " + current.serial() + " (RFC 1982)"
          + (primary == null ? "" : " from " + primary));
    }
  }

  private static void log(Name origin, String kind, Primary primary, String outcome, long start,
      CollectingHandler h) {
    LOG.info("zone {} {} in from {}: {} ({} records, {} bytes, {} ms)", origin, kind, primary,
        outcome, h.recordCount(), h.byteCount(), (System.nanoTime() - start) / 1_000_000);
  }
}
