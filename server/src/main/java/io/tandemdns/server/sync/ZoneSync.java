package io.tandemdns.server.sync;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tandemdns.server.ZoneManager;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.query.Transport;
import io.tandemdns.sync.journal.Journal;
import io.tandemdns.sync.refresh.ExecutorScheduler;
import io.tandemdns.sync.refresh.NetworkZoneSource;
import io.tandemdns.sync.refresh.SecondaryZone;
import io.tandemdns.sync.store.ZoneStore;
import io.tandemdns.sync.xfrin.SoaProbe;
import io.tandemdns.sync.xfrin.TransferClient;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.diff.Serial;
import io.tandemdns.zone.diff.ZoneDiff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.Name;

/**
 * Zone sync inside the server: per zone its role, journal and (for a secondary) refresh state
 * machine; answers NOTIFY and transfer requests for the query pipeline; journals and announces
 * every new version.
 *
 * <ul>
 *   <li>Primary: each reload with a newer serial puts the diff old→new in the zone's journal
 *       (IXFR out, RFC 1995) and sends NOTIFY to the zone's targets; at start a NOTIFY too.
 *   <li>Secondary: configured but without data it answers SERVFAIL until the first transfer,
 *       unless a persisted copy that has not expired is served at once; every new version is
 *       swapped into the registry atomically, journaled (so it can be re-served downstream,
 *       chains) and announced to its own NOTIFY targets.
 * </ul>
 */
public final class ZoneSync implements SyncHooks, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ZoneSync.class);
  private static final int REFRESH_THREADS = 4;
  private static final Duration SOA_TIMEOUT = Duration.ofSeconds(2);

  /**
   * What runs: the configured zones plus the members of consumer catalogs (issue 8). Replaced
   * by {@link #reconfigure} (issue 6) and by catalog changes, always under this object's lock.
   */
  private volatile SyncSettings settings;
  /** The zone-sync part of the configuration file, without catalog members. */
  private volatile SyncSettings configured;
  /** Zones loaded from files by the ZoneManager: never taken over by a catalog. */
  private volatile java.util.Set<Name> fileZones;
  private final Catalogs catalogs;
  private java.util.concurrent.ScheduledFuture<?> removalSweep;
  /** Set while secondaries start (open, apply): catalog versions they serve are applied after. */
  private boolean busy;
  private boolean catalogPending;
  private final int ednsPayload;
  private final ZoneManager zones;
  private final Map<Name, Journal> journals = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Name, SecondaryZone> secondaries = new java.util.concurrent.ConcurrentHashMap<>();
  private final ExecutorScheduler scheduler = new ExecutorScheduler(Clock.systemUTC(), REFRESH_THREADS);
  private final NotifySender notifier;
  private final CountingZoneSource source;
  private volatile TransferOut transfers;
  private volatile NotifyIn notifyIn;
  private volatile SignedQueries signedQueries;
  private final SyncStats stats = new SyncStats();
  /** Deletes removed catalog members' copies when their grace period ends. */
  private final java.util.concurrent.ScheduledExecutorService sweeper =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "catalog-sweep");
        t.setDaemon(true);
        return t;
      });
  private final Map<Name, ZoneActivity> activity = new java.util.concurrent.ConcurrentHashMap<>();
  /** Renders outgoing transfer messages; a few threads, transfers are few and I/O bound. */
  private final java.util.concurrent.ExecutorService producer = java.util.concurrent.Executors.newFixedThreadPool(2,
      r -> {
        Thread t = new Thread(r, "xfr-out");
        t.setDaemon(true);
        return t;
      });

  private ZoneSync(ServerConfig config, ZoneManager zones, InetAddress sourceAddress) {
    this.settings = config.sync();
    this.configured = config.sync();
    this.fileZones = fileZones(config);
    this.catalogs = new Catalogs(settings.stateDir(), Clock.systemUTC());
    this.ednsPayload = config.query().ednsPayload();
    this.zones = zones;
    this.notifier = new NotifySender(sourceAddress, (zone, target, result) -> activity(zone).notifyOut(target, result));
    this.source = new CountingZoneSource(new NetworkZoneSource(new SoaProbe(SOA_TIMEOUT, sourceAddress),
        new TransferClient(settings.transfer(), sourceAddress)));
    this.transfers = new TransferOut(zones.registry(), settings.zones(), journals, settings.keyring(), stats);
    this.notifyIn = new NotifyIn(settings.zones(), secondaries, settings.keyring(), stats, this::activity);
    this.signedQueries = new SignedQueries(settings.keyring(), config.query().ednsPayload());
  }

  /**
   * Opens journals and persisted copies, serves what is valid, starts refresh timers and sends
   * the start-up NOTIFYs. Call after the initial zone load and before the listeners bind.
   */
  public static ZoneSync start(ServerConfig config, ZoneManager zones) {
    SyncSettings s = config.sync();
    if (s.stateDir() != null) {
      try {
        Files.createDirectories(s.stateDir());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create state-dir " + s.stateDir(), e);
      }
    } else {
      LOG.warn("no state-dir configured: secondary copies and journals live in memory only");
    }
    ZoneSync sync = new ZoneSync(config, zones, sourceAddress(config));
    try {
      sync.open();
    } catch (IOException | RuntimeException e) {
      sync.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
    return sync;
  }

  /** The configured source address, else the only listen address (when not a wildcard). */
  static InetAddress sourceAddress(ServerConfig config) {
    if (config.sync().sourceAddress() != null) {
      return config.sync().sourceAddress();
    }
    if (config.listen().size() == 1) {
      InetAddress a = config.listen().get(0).getAddress();
      return a.isAnyLocalAddress() ? null : a;
    }
    return null;
  }

  private static java.util.Set<Name> fileZones(ServerConfig config) {
    java.util.Set<Name> names = new java.util.HashSet<>();
    config.zones().forEach(z -> names.add(z.origin()));
    return java.util.Set.copyOf(names);
  }

  private synchronized void open() throws IOException {
    // Catalog members from the last run are served from their copies before any catalog answers.
    catalogs.load();
    Catalogs.Change members = catalogs.reconcile(configured, staticZones());
    settings = withMembers(configured, members.roles());
    deleteState(members.expiredRemovals());
    transfers = new TransferOut(zones.registry(), settings.zones(), journals, settings.keyring(), stats);
    notifyIn = new NotifyIn(settings.zones(), secondaries, settings.keyring(), stats, this::activity);
    for (Map.Entry<Name, ZoneRole> e : settings.zones().entrySet()) {
      Name origin = e.getKey();
      Path dir = settings.stateDir();
      journals.put(origin, dir == null ? Journal.inMemory(origin, settings.journal())
          : Journal.open(dir, origin, settings.journal()));
    }
    zones.onNewVersion(this::onReload);
    zones.onStaleSerial(this::staleSerial);
    for (Map.Entry<Name, ZoneRole> e : settings.zones().entrySet()) {
      Name origin = e.getKey();
      ZoneRole role = e.getValue();
      if (role.isSecondary()) {
        secondaries.put(origin, newSecondary(origin, role));
      }
    }
    for (Name producer : settings.catalogs().producers()) {
      catalogs.storedProducer(producer).ifPresent(z -> zones.update(r -> r.with(z)));
    }
    busy = true;
    try {
      for (SecondaryZone z : secondaries.values()) {
        z.start();
      }
    } finally {
      busy = false;
    }
    if (catalogPending) {
      applyCatalogs();
    }
    scheduleRemovalSweep();
    // RFC 1996 §3.5: tell the secondaries at start, a version may have changed while we were down.
    for (Map.Entry<Name, ZoneRole> e : settings.zones().entrySet()) {
      Zone zone = zones.current().get(e.getKey());
      if (!e.getValue().isSecondary() && zone != null && !e.getValue().notifyTargets().isEmpty()) {
        notifier.send(zone.soa(), e.getValue().notifyTargets());
      }
    }
    produceCatalogs();
  }

  /** A reload produced a new version of a zone (loader thread). */
  private void onReload(Zone previous, Zone next) {
    ZoneRole role = settings.zones().get(next.origin());
    if (role == null || role.isSecondary()) {
      return;
    }
    if (previous != null && Serial.isNewer(next.serial(), previous.serial())) {
      try {
        journals.get(next.origin()).append(ZoneDiff.compute(previous, next));
      } catch (IOException | RuntimeException e) {
        LOG.error("zone {}: could not journal {}→{}: {}; IXFR clients get full transfers", next.origin(),
            previous.serial(), next.serial(), e.toString());
      }
    }
    notifier.send(next.soa(), role.notifyTargets());
  }

  /** A reload whose serial did not grow: the zone's serial-policy decides, or it is refused (null). */
  private Zone staleSerial(Zone served, Zone loaded) {
    ZoneRole role = settings.zones().get(loaded.origin());
    if (role == null || role.serialPolicy() == null) {
      return null;
    }
    Zone fixed = role.serialPolicy().apply(served, loaded, Clock.systemUTC());
    if (fixed == null) {
      LOG.error("zone {}: serial-policy cannot re-serial a DNSSEC-signed zone; raise the serial and re-sign",
          loaded.origin());
    }
    return fixed;
  }

  private SecondaryZone newSecondary(Name origin, ZoneRole role) {
    zones.update(r -> r.get(origin) == null ? r.withUnavailable(origin) : r);
    ZoneStore store = settings.stateDir() == null ? null : new ZoneStore(settings.stateDir(), origin);
    return new SecondaryZone(origin, role.primaries(), source, scheduler, settings.timers(), store,
        journals.get(origin), this::served, this::expired);
  }

  /** A secondary has a version to serve (refresh thread): swap it in, announce it downstream. */
  private void served(Zone zone) {
    ZoneRole role = settings.zones().get(zone.origin());
    if (role == null || !role.isSecondary()) {
      return; // removed by a reconfiguration while this refresh ran
    }
    zones.update(r -> r.with(zone));
    notifier.send(zone.soa(), role.notifyTargets());
    if (settings.catalogs().consumers().containsKey(zone.origin())) {
      catalogVersion(zone);
    }
  }

  /** A consumer catalog has a new version (refresh thread, or its persisted copy at start). */
  private synchronized void catalogVersion(Zone catalog) {
    catalogs.version(catalog);
    if (busy) {
      catalogPending = true; // a persisted copy served while starting secondaries: applied after
    } else {
      applyCatalogs();
    }
  }

  /**
   * Re-runs the membership rules and applies the member set (under this lock). Starting a
   * member can serve a catalog copy at once, which asks for another round: rounds run one after
   * the other, never nested.
   */
  private void applyCatalogs() {
    do {
      catalogPending = false;
      Catalogs.Change change = catalogs.reconcile(configured, staticZones());
      deleteState(change.expiredRemovals());
      busy = true;
      try {
        apply(withMembers(configured, change.roles()), change.reset());
      } finally {
        busy = false;
      }
    } while (catalogPending);
    scheduleRemovalSweep();
  }

  /** Zones the configuration serves itself: files, configured roles, catalog zones. */
  private java.util.Set<Name> staticZones() {
    java.util.Set<Name> names = new java.util.HashSet<>(fileZones);
    names.addAll(configured.zones().keySet());
    return names;
  }

  private static SyncSettings withMembers(SyncSettings configured, Map<Name, ZoneRole> members) {
    if (members.isEmpty()) {
      return configured;
    }
    Map<Name, ZoneRole> all = new java.util.LinkedHashMap<>(configured.zones());
    members.forEach(all::putIfAbsent);
    return configured.withZones(all);
  }

  /** Deletes the persisted copy and journal of zones that are not served any more (grace over). */
  private void deleteState(java.util.List<Name> gone) {
    Path dir = settings.stateDir();
    for (Name origin : gone) {
      if (settings.zones().containsKey(origin) || dir == null) {
        continue;
      }
      if (deletePersisted(dir, origin)) {
        LOG.info("zone {}: removed catalog member's persisted copy and journal deleted", origin);
      }
    }
  }

  /** Deletes a zone's persisted copy, timestamps and journal; false (logged) when that failed. */
  private static boolean deletePersisted(Path dir, Name origin) {
    try {
      new ZoneStore(dir, origin).delete();
      Files.deleteIfExists(Journal.fileFor(dir, origin));
      return true;
    } catch (IOException e) {
      LOG.error("zone {}: could not delete its persisted state in {}: {}", origin, dir, e.toString());
      return false;
    }
  }

  /** Wakes up when the next removed member's grace period ends, to delete its copy. */
  private void scheduleRemovalSweep() {
    if (removalSweep != null) {
      removalSweep.cancel(false);
      removalSweep = null;
    }
    java.time.Instant next = catalogs.nextRemoval();
    if (next != null) {
      long delay = Math.max(0, Duration.between(java.time.Instant.now(), next).toMillis()) + 50;
      removalSweep = sweeper.schedule(() -> {
        synchronized (this) {
          applyCatalogs();
        }
      }, delay, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Regenerates every producer catalog from the zones served now (issue 8): a changed member
   * list becomes a new serial, journaled for IXFR and announced by NOTIFY like a reload.
   */
  private void produceCatalogs() {
    java.util.Set<Name> served = new java.util.TreeSet<>(fileZones);
    served.addAll(settings.zones().keySet());
    for (Name producer : settings.catalogs().producers()) {
      Zone current = zones.current().get(producer);
      Zone next;
      try {
        next = catalogs.produce(producer, current, served, settings.catalogs());
      } catch (RuntimeException e) {
        LOG.error("catalog {}: could not be generated: {}", producer, e.toString());
        continue;
      }
      if (next == null) {
        continue;
      }
      zones.update(r -> r.with(next));
      catalogs.saveProducer(next);
      LOG.info("catalog {}: serial {} lists {} member zone(s)", producer, next.serial(),
          next.records().stream().filter(r -> r.getType() == org.xbill.DNS.Type.PTR).count());
      onReload(current, next);
    }
  }

  /**
   * Applies a re-read config (SIGHUP, {@code tandem reload}; issue 6) without dropping queries:
   * zones added and removed, primaries, ACLs, keys and NOTIFY targets changed. A secondary whose
   * primaries (addresses or keys) are unchanged keeps its state machine, timers and data; a
   * changed one is restarted from its persisted copy (served without a gap). ACLs, keys, NOTIFY
   * targets and serial policies take effect for the next request. {@code state-dir} and
   * {@code source-address} need a restart.
   */
  public synchronized void reconfigure(ServerConfig config) {
    SyncSettings next = config.sync();
    SyncSettings old = settings;
    if (!java.util.Objects.equals(old.stateDir(), next.stateDir())
        || !java.util.Objects.equals(old.sourceAddress(), next.sourceAddress())) {
      LOG.warn("'state-dir' or 'source-address' changed; restart to apply");
      next = next.withStateDir(old.stateDir());
    }
    configured = next;
    fileZones = fileZones(config);
    applyCatalogs();
  }

  /**
   * Moves the running zones to {@code next}: secondaries added, removed or restarted, journals
   * opened, ACLs and keys swapped; {@code reset} members restart from nothing (RFC 9432 §5.4).
   */
  private void apply(SyncSettings next, java.util.Set<Name> reset) {
    SyncSettings old = settings;
    Map<Name, ZoneRole> before = old.zones();
    Map<Name, ZoneRole> after = next.zones();
    java.util.List<Name> restart = new java.util.ArrayList<>();
    for (Map.Entry<Name, ZoneRole> e : before.entrySet()) {
      ZoneRole now = after.get(e.getKey());
      boolean wasSecondary = e.getValue().isSecondary();
      if (wasSecondary && (now == null || !now.isSecondary() || !samePrimaries(e.getValue(), now))) {
        SecondaryZone z = secondaries.remove(e.getKey());
        if (z != null) {
          z.stop();
        }
        if ((now == null || !now.isSecondary()) && !fileZones.contains(e.getKey())) {
          Name origin = e.getKey();
          zones.update(r -> r.without(origin));
          LOG.info("zone {}: no longer a secondary here", origin);
        }
      }
      if (now == null) {
        journals.remove(e.getKey());
      }
    }
    for (Name origin : reset) {
      ZoneRole now = after.get(origin);
      if (now != null && now.isSecondary()) {
        SecondaryZone z = secondaries.remove(origin);
        if (z != null) {
          z.stop();
        }
        resetState(origin, next);
      }
    }
    for (Map.Entry<Name, ZoneRole> e : after.entrySet()) {
      Name origin = e.getKey();
      if (!journals.containsKey(origin)) {
        try {
          journals.put(origin, next.stateDir() == null ? Journal.inMemory(origin, next.journal())
              : Journal.open(next.stateDir(), origin, next.journal()));
        } catch (IOException ex) {
          LOG.error("zone {}: cannot open its journal: {}; IXFR clients get full transfers", origin, ex.toString());
          journals.put(origin, Journal.inMemory(origin, next.journal()));
        }
      }
      if (e.getValue().isSecondary() && !secondaries.containsKey(origin)) {
        restart.add(origin);
      }
    }
    settings = next;
    transfers = new TransferOut(zones.registry(), next.zones(), journals, next.keyring(), stats)
        .continuing(transfers);
    notifyIn = new NotifyIn(next.zones(), secondaries, next.keyring(), stats, this::activity);
    signedQueries = new SignedQueries(next.keyring(), ednsPayload);
    for (Name origin : restart) {
      if (secondaries.containsKey(origin)) {
        continue;
      }
      SecondaryZone z = newSecondary(origin, after.get(origin));
      secondaries.put(origin, z);
      z.start();
      LOG.info("zone {}: secondary (re)started from {}", origin, after.get(origin).primaries());
    }
    // New primary zones (and changed NOTIFY targets) announce what they serve, as at start.
    for (Map.Entry<Name, ZoneRole> e : after.entrySet()) {
      ZoneRole was = before.get(e.getKey());
      Zone zone = zones.current().get(e.getKey());
      if (!e.getValue().isSecondary() && zone != null && (was == null || was.isSecondary())) {
        notifier.send(zone.soa(), e.getValue().notifyTargets());
      }
    }
    produceCatalogs();
  }

  /** A reset member: served data, persisted copy and journal dropped; it transfers anew. */
  private void resetState(Name origin, SyncSettings next) {
    zones.update(r -> r.without(origin).withUnavailable(origin));
    journals.remove(origin);
    if (next.stateDir() != null) {
      deletePersisted(next.stateDir(), origin);
    }
  }

  /** Same primaries in the same order with the same keys (a key's secret included). */
  private static boolean samePrimaries(ZoneRole a, ZoneRole b) {
    if (a.primaries().size() != b.primaries().size()) {
      return false;
    }
    for (int i = 0; i < a.primaries().size(); i++) {
      io.tandemdns.sync.xfrin.Primary x = a.primaries().get(i);
      io.tandemdns.sync.xfrin.Primary y = b.primaries().get(i);
      if (!x.address().equals(y.address())
          || !KeyFingerprint.of(x.key()).equals(KeyFingerprint.of(y.key()))) {
        return false;
      }
    }
    return true;
  }

  private void expired(Name origin) {
    zones.update(r -> r.withUnavailable(origin));
  }

  @Override
  public ByteBuf notify(ByteBuf query, InetSocketAddress client, ByteBufAllocator alloc) {
    return notifyIn.handle(query, client, alloc);
  }

  @Override
  public ByteBuf singleMessageTransfer(ByteBuf query, InetSocketAddress client, Transport transport, int maxSize,
      ByteBufAllocator alloc) {
    return transfers.single(query, client, transport, maxSize, alloc);
  }

  @Override
  public ByteBuf signedQuery(ByteBuf query, int tsigOffset, InetSocketAddress client, Transport transport,
      ByteBufAllocator alloc, java.util.function.Function<ByteBuf, ByteBuf> unsignedAnswer) {
    return signedQueries.answer(query, tsigOffset, client, transport, alloc, unsignedAnswer);
  }

  @Override
  public java.util.concurrent.Executor transferExecutor() {
    return producer;
  }

  @Override
  public OutgoingTransfer tcpTransfer(ByteBuf frame, InetSocketAddress client) {
    return transfers.tcp(frame, client);
  }

  /**
   * Sends NOTIFY for the served version of {@code origin} to its targets now (control API and
   * {@code tandem notify}, issue 6), with the usual retries; returns the number of targets.
   *
   * @throws IllegalArgumentException when the zone is not a sync zone here or not served yet
   */
  public int notifyNow(Name origin) {
    ZoneRole role = settings.zones().get(origin);
    if (role == null) {
      throw new IllegalArgumentException("zone " + origin + " takes no part in zone sync (no notify: targets)");
    }
    Zone zone = zones.current().get(origin);
    if (zone == null) {
      throw new IllegalArgumentException("zone " + origin + " has no served version to announce yet");
    }
    LOG.info("zone {}: NOTIFY of serial {} to {} target(s) on request", origin, zone.serial(),
        role.notifyTargets().size());
    notifier.send(zone.soa(), role.notifyTargets());
    return role.notifyTargets().size();
  }

  /** The last NOTIFY in/out of a zone (status). */
  public ZoneActivity activity(Name origin) {
    return activity.computeIfAbsent(origin, o -> new ZoneActivity());
  }

  /** Counters for the metrics. */
  public SyncStats stats() {
    return stats;
  }

  /** Every zone with a role now: the configured ones and the catalog members (status). */
  public Map<Name, ZoneRole> roles() {
    return settings.zones();
  }

  /**
   * Catalog facts of a zone for status (issue 8): the catalog a member came from; for a
   * consumer catalog its member count and why its newest version was refused, if it was.
   */
  public synchronized Map<String, Object> catalogFacts(Name origin) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    catalogs.catalogOf(origin).ifPresent(c -> m.put("catalog", c.toString()));
    CatalogSettings cs = settings.catalogs();
    if (cs.consumers().containsKey(origin)) {
      m.put("catalog_role", "consumer");
      m.put("catalog_members", catalogs.memberCount(origin));
      String problem = catalogs.problem(origin);
      if (problem != null) {
        m.put("catalog_problem", problem);
      }
    } else if (cs.producers().contains(origin)) {
      m.put("catalog_role", "producer");
    }
    return m;
  }

  /** The refresh state of a secondary zone (tests, status). */
  public Optional<SecondaryZone> secondary(Name origin) {
    return Optional.ofNullable(secondaries.get(origin));
  }

  public Journal journal(Name origin) {
    return journals.get(origin);
  }

  /** Incoming transfers applied incrementally (IXFR) so far. */
  public long incrementalTransfers() {
    return source.incremental.get();
  }

  /** Incoming full transfers (AXFR, or AXFR-style IXFR answers) so far. */
  public long fullTransfers() {
    return source.full.get();
  }

  public long failedTransfers() {
    return source.failed.get();
  }

  /** Outgoing IXFR answers with differences (TCP or UDP) so far. */
  public long outgoingIncremental() {
    return transfers.incremental.get();
  }

  /** Outgoing AXFRs and AXFR-style IXFR answers so far. */
  public long outgoingFull() {
    return transfers.full.get();
  }

  /** NOTIFYs we sent that were answered. */
  public int notifiesAnswered() {
    return notifier.answered();
  }

  @Override
  public void close() {
    for (SecondaryZone z : secondaries.values()) {
      z.stop();
    }
    scheduler.close();
    sweeper.shutdownNow();
    notifier.close();
    producer.shutdownNow();
  }
}
