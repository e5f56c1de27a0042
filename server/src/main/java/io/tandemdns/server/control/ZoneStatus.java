package io.tandemdns.server.control;

import java.time.Instant;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * What the control API reports about one configured zone. Only facts the server actually has:
 * a field it does not know is null and left out of the JSON, never guessed.
 *
 * @param role "primary" (served from its file) or "secondary" (pulled from primaries)
 * @param state "loaded", "not loaded", or a secondary's LOADING / OK / REFRESHING / EXPIRED
 * @param serial the served serial, or null when nothing is served
 * @param records records of the served version, or null
 * @param file the master file (primaries), or null
 * @param primaries where a secondary pulls from, in order (empty for primaries)
 * @param lastRefresh a secondary's last successful refresh, or null
 * @param nextRefresh a secondary's next scheduled check, or null
 * @param expireAt when a secondary's copy expires without a successful refresh, or null
 * @param journalEntries diffs kept for IXFR, or null when the zone has no journal
 * @param journalBytes their size, or null
 * @param problems why it is not loaded or not healthy (load errors, expiry)
 * @param sync zone-sync facts as JSON-ready fields (last refresh attempt and result, last NOTIFY
 *     in/out); only those that happened
 */
public record ZoneStatus(
    Name name, String role, String state, Long serial, Integer records, String file, List<String> primaries,
    Instant lastRefresh, Instant nextRefresh, Instant expireAt, Integer journalEntries, Long journalBytes,
    List<String> problems, java.util.Map<String, Object> sync) {

  public ZoneStatus {
    primaries = List.copyOf(primaries);
    problems = List.copyOf(problems);
    sync = sync == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sync));
  }

  /** Served and not expired: what {@code GET /health} requires of every zone. */
  public boolean healthy() {
    return serial != null && !"EXPIRED".equals(state) && !"LOADING".equals(state);
  }

  /** Seconds since the last successful refresh at {@code now}, or null. */
  public Long secondsSinceRefresh(Instant now) {
    return lastRefresh == null ? null : Math.max(0, now.getEpochSecond() - lastRefresh.getEpochSecond());
  }

  /** Seconds until expiry at {@code now} (negative once expired), or null. */
  public Long secondsUntilExpire(Instant now) {
    return expireAt == null ? null : expireAt.getEpochSecond() - now.getEpochSecond();
  }
}
