package io.tandemdns.sync.refresh;

import io.tandemdns.sync.journal.Journal;
import io.tandemdns.sync.store.StoreCorruptException;
import io.tandemdns.sync.store.StoredZone;
import io.tandemdns.sync.store.ZoneStore;
import io.tandemdns.sync.xfrin.Primary;
import io.tandemdns.sync.xfrin.TransferException;
import io.tandemdns.sync.xfrin.TransferResult;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.diff.Serial;
import io.tandemdns.zone.diff.ZoneDiff;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.Name;

/**
 * One secondary zone (RFC 1034 §4.3.5, RFC 1996): keeps a copy current from an ordered list of
 * primaries and tells the server what to serve.
 *
 * <pre>
 *   LOADING ──transfer ok──► OK ──refresh timer / NOTIFY──► REFRESHING ──ok──► OK
 *      ▲ (no data: SERVFAIL)              ▲                     │ all primaries fail
 *      └──retry──┘                        └──────ok──── EXPIRED ◄┘ once EXPIRE has passed
 * </pre>
 *
 * <ul>
 *   <li>Start: a persisted copy that has not expired is served at once; otherwise LOADING and an
 *       immediate transfer.
 *   <li>Each check asks the primaries in order for their SOA serial; a newer one (RFC 1982) is
 *       transferred (IXFR first), the first primary that succeeds wins, the others are failover.
 *   <li>Success: the new zone is handed to {@code onServe}, persisted, its diff journaled (so we
 *       can serve IXFR downstream), and the next check is REFRESH later. Failure: RETRY later.
 *   <li>No success for EXPIRE since the last one: EXPIRED, {@code onExpire} (the server answers
 *       SERVFAIL); the next success serves again.
 * </ul>
 *
 * <p>Threads: checks run on the {@link Scheduler}'s threads, one at a time per zone; {@link
 * #notifyReceived} only schedules and returns, so it is safe to call from an event loop.
 */
public final class SecondaryZone {
  private static final Logger LOG = LogManager.getLogger(SecondaryZone.class);
  /** Before the first SOA there are no zone timers; retry loading at this (clamped) pace. */
  private static final long LOADING_RETRY_SECONDS = 30;

  public enum State { LOADING, OK, REFRESHING, EXPIRED }

  private final Name origin;
  private final List<Primary> primaries;
  private final ZoneSource source;
  private final Scheduler scheduler;
  private final TimerLimits limits;
  private final ZoneStore store;
  private final Journal journal;
  private final Consumer<Zone> onServe;
  private final Consumer<Name> onExpire;
  private final ReentrantLock checking = new ReentrantLock();

  private volatile State state = State.LOADING;
  private volatile Zone current;
  private volatile Instant lastRefresh;
  private volatile Instant expireAt;
  private volatile Instant nextCheck;
  private volatile Instant lastAttempt;
  private volatile String lastResult;
  private volatile boolean checkPending;
  private volatile boolean stopped;
  private Scheduler.Cancellable timer;

  /**
   * @param store where the copy is persisted, or null (memory only)
   * @param journal where diffs go for IXFR downstream, or null
   * @param onServe called with each version to serve (also after recovering from EXPIRED)
   * @param onExpire called once when the zone expires and must answer SERVFAIL
   */
  public SecondaryZone(Name origin, List<Primary> primaries, ZoneSource source, Scheduler scheduler,
      TimerLimits limits, ZoneStore store, Journal journal, Consumer<Zone> onServe,
      Consumer<Name> onExpire) {
    if (primaries.isEmpty()) {
      throw new IllegalArgumentException("secondary zone " + origin + " needs at least one primary");
    }
    this.origin = Objects.requireNonNull(origin);
    this.primaries = List.copyOf(primaries);
    this.source = source;
    this.scheduler = scheduler;
    this.limits = limits;
    this.store = store;
    this.journal = journal;
    this.onServe = onServe;
    this.onExpire = onExpire;
  }

  /** Serves the persisted copy if it is still valid, and schedules the first check. */
  public void start() {
    Optional<StoredZone> stored = loadStored();
    Instant now = scheduler.now();
    if (stored.isPresent() && !stored.get().isExpiredAt(now)) {
      StoredZone s = stored.get();
      current = s.zone();
      lastRefresh = s.lastRefresh();
      expireAt = s.expireAt();
      state = State.OK;
      LOG.info("zone {}: serving persisted copy, serial {}, expires {}", origin, current.serial(), expireAt);
      onServe.accept(current);
      Duration refresh = limits.refresh(current.soa().getRefresh());
      Duration sinceRefresh = Duration.between(lastRefresh, now);
      scheduleCheck(sinceRefresh.compareTo(refresh) >= 0 || sinceRefresh.isNegative()
          ? Duration.ZERO : refresh.minus(sinceRefresh));
    } else {
      if (stored.isPresent()) {
        LOG.warn("zone {}: persisted copy (serial {}) expired at {}; transferring before serving",
            origin, stored.get().zone().serial(), stored.get().expireAt());
      }
      state = State.LOADING;
      scheduleCheck(Duration.ZERO);
    }
  }

  /**
   * A NOTIFY for this zone arrived (already authorised by the caller): check now, as RFC 1996
   * §3.7 asks, instead of waiting for the refresh timer.
   */
  public void notifyReceived(InetAddress from) {
    LOG.info("zone {}: NOTIFY from {}, checking primaries now", origin, from.getHostAddress());
    requestCheck();
  }

  /** An operator-requested refresh (same as a NOTIFY). */
  public void refreshNow() {
    requestCheck();
  }

  public void stop() {
    stopped = true;
    synchronized (this) {
      if (timer != null) {
        timer.cancel();
      }
    }
  }

  public Name origin() {
    return origin;
  }

  public State state() {
    return state;
  }

  /** The copy being served, or null while LOADING; still held (not served) when EXPIRED. */
  public Zone current() {
    return current;
  }

  public Instant expireAt() {
    return expireAt;
  }

  /** When the last check (SOA query, transfer) started, or null before the first. */
  public Instant lastAttempt() {
    return lastAttempt;
  }

  /** What the last check came to: "ok, serial N" or "failed: primary: reason", or null. */
  public String lastResult() {
    return lastResult;
  }

  public Instant lastRefresh() {
    return lastRefresh;
  }

  /** When the next timed check is due (refresh or retry). */
  public Instant nextCheck() {
    return nextCheck;
  }

  private void requestCheck() {
    checkPending = true;
    scheduler.schedule(Duration.ZERO, this::check);
  }

  /** Runs checks until no NOTIFY arrived meanwhile; concurrent callers just leave a mark. */
  private void check() {
    if (stopped) {
      return;
    }
    if (!checking.tryLock()) {
      checkPending = true; // the running check will go again
      return;
    }
    try {
      do {
        checkPending = false;
        checkOnce();
      } while (checkPending && !stopped);
    } finally {
      checking.unlock();
    }
  }

  private void checkOnce() {
    lastAttempt = scheduler.now();
    String failure = null;
    Zone base = current;
    if (state == State.OK) {
      state = State.REFRESHING;
    }
    boolean ok = false;
    for (Primary p : primaries) {
      try {
        ok = checkPrimary(p, base);
        if (ok) {
          break;
        }
      } catch (TransferException | RuntimeException e) {
        LOG.warn("zone {}: refresh from {} failed: {}", origin, p, e.getMessage());
        failure = p + ": " + e.getMessage();
      }
    }
    Instant now = scheduler.now();
    Zone zone = current;
    lastResult = ok ? "ok, serial " + zone.serial()
        : "failed" + (failure == null ? "" : ": " + failure) + (primaries.size() > 1 ? " (every primary failed)" : "");
    if (ok) {
      Duration expire = limits.expire(zone.soa().getExpire());
      lastRefresh = now;
      expireAt = now.plus(expire);
      boolean wasExpired = state == State.EXPIRED;
      state = State.OK;
      if (wasExpired) {
        LOG.warn("zone {}: recovered from EXPIRED, serving serial {} again", origin, zone.serial());
        onServe.accept(zone);
      }
      persistTimestamps(zone);
      scheduleCheck(limits.refresh(zone.soa().getRefresh()));
      return;
    }
    if (zone == null) {
      state = State.LOADING;
      LOG.error("zone {}: no primary could provide the zone; still answering SERVFAIL", origin);
      scheduleCheck(limits.retry(LOADING_RETRY_SECONDS));
      return;
    }
    Duration retry = limits.retry(zone.soa().getRetry());
    if (!now.isBefore(expireAt)) {
      if (state != State.EXPIRED) {
        state = State.EXPIRED;
        LOG.error("zone {}: EXPIRED — no successful refresh since {} (expire {}); answering SERVFAIL"
            + " until a primary answers", origin, lastRefresh, expireAt);
        onExpire.accept(origin);
      }
      scheduleCheck(retry);
    } else {
      state = State.REFRESHING;
      // Retry, but never sleep past the expiry: it must be noticed on time.
      Duration untilExpire = Duration.between(now, expireAt);
      scheduleCheck(retry.compareTo(untilExpire) < 0 ? retry : untilExpire);
    }
  }

  /** One primary: SOA check, transfer if newer. True when our copy is now current. */
  private boolean checkPrimary(Primary p, Zone base) throws TransferException {
    if (base != null) {
      long theirs = source.querySerial(origin, p);
      if (!Serial.isNewer(theirs, base.serial())) {
        if (theirs != base.serial()) {
          LOG.warn("zone {}: primary {} has serial {}, not newer than ours {} (RFC 1982); keeping ours",
              origin, p, theirs, base.serial());
        }
        return true;
      }
    }
    TransferResult result = source.transfer(origin, p, base);
    if (result instanceof TransferResult.UpToDate) {
      return true;
    }
    Zone next = result instanceof TransferResult.Full f ? f.zone() : ((TransferResult.Incremental) result).zone();
    if (!next.origin().equals(origin) || (base != null && !Serial.isNewer(next.serial(), base.serial()))) {
      throw new TransferException(origin + ": transfer from " + p + " returned serial " + next.serial()
          + ", not newer than " + (base == null ? "none" : base.serial()));
    }
    install(next, base, result, p);
    return true;
  }

  private void install(Zone next, Zone base, TransferResult result, Primary from) {
    // Journal first: the version is announced downstream (NOTIFY) as soon as it is served, and
    // a downstream IXFR must then find the diff that leads to it (chains).
    if (journal != null && base != null) {
      try {
        if (result instanceof TransferResult.Incremental inc) {
          for (ZoneDiff d : inc.chain()) {
            journal.append(d);
          }
        } else {
          journal.append(ZoneDiff.compute(base, next));
        }
      } catch (IOException | IllegalArgumentException e) {
        LOG.error("zone {}: could not journal {}→{}: {}", origin, base.serial(), next.serial(), e.toString());
      }
    }
    current = next;
    if (state != State.EXPIRED) {
      onServe.accept(next);
    }
    // EXPIRED: onServe runs in checkOnce once the state is OK again, with this zone.
    LOG.info("zone {}: now serving serial {} (was {}) from {}", origin, next.serial(),
        base == null ? "none" : base.serial(), from);
    Instant now = scheduler.now();
    if (store != null) {
      try {
        store.save(new StoredZone(next, now, now.plus(limits.expire(next.soa().getExpire()))));
      } catch (IOException e) {
        LOG.error("zone {}: could not persist serial {} to {}: {}", origin, next.serial(), store.zoneFile(), e.toString());
      }
    }
  }

  private void persistTimestamps(Zone zone) {
    if (store == null) {
      return;
    }
    try {
      store.saveTimestamps(lastRefresh, expireAt);
    } catch (IOException e) {
      LOG.warn("zone {}: could not persist refresh timestamps: {}", origin, e.toString());
    }
  }

  private Optional<StoredZone> loadStored() {
    if (store == null) {
      return Optional.empty();
    }
    try {
      Optional<StoredZone> s = store.load();
      if (s.isPresent() && !s.get().zone().origin().equals(origin)) {
        return Optional.empty();
      }
      return s;
    } catch (StoreCorruptException e) {
      LOG.error("zone {}: persisted copy is corrupt ({}); discarding it and transferring anew",
          origin, e.getMessage());
      try {
        store.discard();
      } catch (IOException io) {
        LOG.error("zone {}: could not move the corrupt copy aside: {}", origin, io.toString());
      }
      return Optional.empty();
    } catch (IOException e) {
      LOG.error("zone {}: cannot read persisted copy: {}", origin, e.toString());
      return Optional.empty();
    }
  }

  private synchronized void scheduleCheck(Duration delay) {
    if (stopped) {
      return;
    }
    if (timer != null) {
      timer.cancel();
    }
    nextCheck = scheduler.now().plus(delay);
    timer = scheduler.schedule(delay, this::check);
  }
}
