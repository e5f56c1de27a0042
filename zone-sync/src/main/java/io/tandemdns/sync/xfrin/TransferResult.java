package io.tandemdns.sync.xfrin;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.diff.ZoneDiff;
import java.util.List;

/** The validated outcome of a transfer: nothing new, a whole new zone, or an applied chain. */
public sealed interface TransferResult {
  /** Serial the primary reported. */
  long serial();

  /** The primary is not newer than our copy (RFC 1995 §2 single-SOA answer). */
  record UpToDate(long serial) implements TransferResult {}

  /** AXFR (or AXFR-style IXFR answer): the complete new version, already built. */
  record Full(Zone zone) implements TransferResult {
    @Override
    public long serial() {
      return zone.serial();
    }
  }

  /** IXFR: the new version built by applying {@code chain} to our copy. */
  record Incremental(Zone zone, List<ZoneDiff> chain) implements TransferResult {
    public Incremental {
      chain = List.copyOf(chain);
    }

    @Override
    public long serial() {
      return zone.serial();
    }
  }
}
