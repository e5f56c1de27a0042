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
import java.util.HashMap;
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

  private final SyncSettings settings;
  private final ZoneManager zones;
  private final Map<Name, Journal> journals = new HashMap<>();
  private final Map<Name, SecondaryZone> secondaries = new HashMap<>();
  private final ExecutorScheduler scheduler = new ExecutorScheduler(Clock.systemUTC(), REFRESH_THREADS);
  private final NotifySender notifier;
  private final CountingZoneSource source;
  private final TransferOut transfers;
  private final NotifyIn notifyIn;
  private final SignedQueries signedQueries;
  /** Renders outgoing transfer messages; a few threads, transfers are few and I/O bound. */
  private final java.util.concurrent.ExecutorService producer = java.util.concurrent.Executors.newFixedThreadPool(2,
      r -> {
        Thread t = new Thread(r, "xfr-out");
        t.setDaemon(true);
        return t;
      });

  private ZoneSync(ServerConfig config, ZoneManager zones, InetAddress sourceAddress) {
    this.settings = config.sync();
    this.zones = zones;
    this.notifier = new NotifySender(sourceAddress);
    this.source = new CountingZoneSource(new NetworkZoneSource(new SoaProbe(SOA_TIMEOUT, sourceAddress),
        new TransferClient(settings.transfer(), sourceAddress)));
    this.transfers = new TransferOut(zones.registry(), settings.zones(), journals, settings.keyring());
    this.notifyIn = new NotifyIn(settings.zones(), secondaries, settings.keyring());
    this.signedQueries = new SignedQueries(settings.keyring());
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

  private void open() throws IOException {
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
        zones.update(r -> r.withUnavailable(origin));
        ZoneStore store = settings.stateDir() == null ? null : new ZoneStore(settings.stateDir(), origin);
        SecondaryZone z = new SecondaryZone(origin, role.primaries(), source, scheduler, settings.timers(), store,
            journals.get(origin), zone -> served(zone, role), this::expired);
        secondaries.put(origin, z);
      }
    }
    for (SecondaryZone z : secondaries.values()) {
      z.start();
    }
    // RFC 1996 §3.5: tell the secondaries at start, a version may have changed while we were down.
    for (Map.Entry<Name, ZoneRole> e : settings.zones().entrySet()) {
      Zone zone = zones.current().get(e.getKey());
      if (!e.getValue().isSecondary() && zone != null && !e.getValue().notifyTargets().isEmpty()) {
        notifier.send(zone.soa(), e.getValue().notifyTargets());
      }
    }
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

  /** A secondary has a version to serve (refresh thread): swap it in, announce it downstream. */
  private void served(Zone zone, ZoneRole role) {
    zones.update(r -> r.with(zone));
    notifier.send(zone.soa(), role.notifyTargets());
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
    notifier.close();
    producer.shutdownNow();
  }
}
