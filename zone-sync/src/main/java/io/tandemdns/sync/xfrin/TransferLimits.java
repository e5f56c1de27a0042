package io.tandemdns.sync.xfrin;

import java.time.Duration;

/**
 * Bounds on what one incoming transfer may cost, against a broken or hostile primary: more
 * records, more bytes or more time than this and the transfer fails with nothing applied.
 */
public record TransferLimits(long maxRecords, long maxBytes, Duration maxTime) {
  public static final TransferLimits DEFAULT =
      new TransferLimits(10_000_000, 2L << 30, Duration.ofMinutes(15));

  public TransferLimits {
    if (maxRecords < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("transfer limits must be positive");
    }
    if (maxTime.isNegative() || maxTime.isZero()) {
      throw new IllegalArgumentException("transfer max time must be positive");
    }
  }
}
