package io.tandemdns.sync.store;

import io.tandemdns.zone.Zone;
import java.time.Instant;
import java.util.Objects;

/**
 * A persisted secondary copy and the timestamps that decide whether it may be served at start
 * (RFC 1035 §4.3.5: a secondary stops serving a zone EXPIRE seconds after its last successful
 * refresh).
 */
public record StoredZone(Zone zone, Instant lastRefresh, Instant expireAt) {
  public StoredZone {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(lastRefresh, "lastRefresh");
    Objects.requireNonNull(expireAt, "expireAt");
  }

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expireAt);
  }
}
