package io.tandemdns.server;

import io.tandemdns.server.config.ConfigException;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.control.ConfigReloader;
import io.tandemdns.server.control.Operations;
import io.tandemdns.server.query.QueryProcessor;
import io.tandemdns.server.sync.ZoneSync;
import io.tandemdns.server.transport.IoKind;
import io.tandemdns.server.transport.Listeners;
import io.tandemdns.zone.ZoneRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A running server: zones loaded, UDP and TCP listening on every configured address. Used by the
 * CLI and, in-process on port 0, by the tests.
 *
 * <pre>{@code
 * try (TandemServer server = TandemServer.start(ServerConfig.quick(
 *     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(origin, zoneFile)))) {
 *   int port = server.port();  // same port for UDP and TCP
 * }
 * }</pre>
 */
public final class TandemServer implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(TandemServer.class);

  /** Replaced by {@link #reconfigure()} (zone list only). */
  private volatile ServerConfig config;
  /** Metrics, admin endpoint, monitor, query log (issue 6). */
  private volatile Operations ops;
  private final ZoneManager zones;
  private final ReloadReport initialLoad;
  private final Listeners listeners;
  /** Created by {@link #reconfigure()} when a config reload first gives a zone a role. */
  private volatile ZoneSync sync;
  private volatile boolean closed;
  private volatile QueryProcessor processor;
  private volatile boolean collectedLoadGarbage;

  private TandemServer(ServerConfig config, ZoneManager zones, ReloadReport initialLoad, Listeners listeners,
      ZoneSync sync) {
    this.sync = sync;
    this.config = config;
    this.zones = zones;
    this.initialLoad = initialLoad;
    this.listeners = listeners;
  }

  /**
   * Loads the zones, binds every listener and returns once queries are answered. A zone with
   * errors is logged and not served (the others are); a listener that cannot bind fails the
   * start.
   *
   * @throws java.io.UncheckedIOException when an address cannot be bound
   */
  public static TandemServer start(ServerConfig config) {
    return start(config, IoKind.best());
  }

  /** As {@link #start(ServerConfig)} with an explicit I/O flavour (tests cover NIO on Linux). */
  public static TandemServer start(ServerConfig config, IoKind io) {
    if (config.listen().isEmpty()) {
      throw new IllegalArgumentException("no listen address configured");
    }
    ZoneManager zones = new ZoneManager(config.zones());
    ZoneSync sync = null;
    Listeners listeners = null;
    try {
      CompletableFuture<ReloadReport> loading = zones.loadInitialAsync();
      // Nothing listens before the zones are in, but the query pipeline and the event loops (and
      // the classes they load) need not wait for a large zone: they are set up beside the load,
      // on another core.
      QueryProcessor processor = new QueryProcessor(zones.registry(), config.query());
      listeners = Listeners.prepare(processor, config.tcp(), threads(config), io);
      ReloadReport load = ZoneManager.await(loading);
      boolean collected = LoadGarbage.collectAfterInitialLoad(zones.current());
      // Zone sync (issue 3) only when some zone has a role; otherwise the server is unchanged.
      sync = config.sync().enabled() ? ZoneSync.start(config, zones) : null;
      if (sync != null) {
        processor.attachSync(sync);
      }
      listeners.bindAll(config.listen());
      LOG.info("serving {} zone{} on {} address{}", zones.current().size(), zones.current().size() == 1 ? "" : "s",
          config.listen().size(), config.listen().size() == 1 ? "" : "es");
      TandemServer server = new TandemServer(config, zones, load, listeners, sync);
      server.processor = processor; // for its counters: RRL, cookies, query stats (issue 4)
      server.collectedLoadGarbage = collected;
      try {
        server.ops = Operations.start(server, processor, null, TandemServer::reconfigure);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (RuntimeException | Error e) {
      if (listeners != null) {
        listeners.close();
      }
      if (sync != null) {
        sync.close();
      }
      zones.close();
      throw e;
    }
  }

  private static int threads(ServerConfig config) {
    return config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
  }

  public ServerConfig config() {
    return config;
  }

  /** The bound UDP addresses, in configuration order, with the actual ports. */
  public List<InetSocketAddress> udpAddresses() {
    return listeners.udpAddresses();
  }

  /** The bound TCP addresses; the same address:port pairs as {@link #udpAddresses()}. */
  public List<InetSocketAddress> tcpAddresses() {
    return listeners.tcpAddresses();
  }

  /** The actual port of the first listener (UDP and TCP share it). */
  public int port() {
    return listeners.udpAddresses().get(0).getPort();
  }

  public IoKind io() {
    return listeners.io();
  }

  /** The registry queries are answered from right now. */
  public ZoneRegistry zones() {
    return zones.current();
  }

  /** Zone sync (secondaries, journals, NOTIFY), or null when no zone has a role. */
  public ZoneSync sync() {
    return sync;
  }

  /** The query pipeline: its stats, rate limiter and cookies (metrics, secret rotation). */
  public QueryProcessor queryProcessor() {
    return processor;
  }

  /** What happened to each zone at start-up. */
  public ReloadReport initialLoad() {
    return initialLoad;
  }

  /** Whether start-up collected the load's garbage before listening ({@link LoadGarbage}). */
  boolean collectedLoadGarbage() {
    return collectedLoadGarbage;
  }

  /**
   * Re-reads the zone files and waits: changed zones are swapped in atomically, unchanged files
   * skipped, broken ones keep their last good version (the report names file and line).
   */
  public ReloadReport reload() {
    return zones.reload();
  }

  /**
   * Re-reads the config file (SIGHUP, {@code tandem reload}): zones added or removed without a
   * restart, then changed zone files reloaded. A file with errors is rejected whole.
   *
   * @throws IllegalArgumentException with the config problems; the running config stays
   */
  public synchronized ReloadReport reconfigure() {
    ServerConfig next;
    try {
      next = ConfigReloader.reread(config);
    } catch (ConfigException e) {
      LOG.error("config reload rejected, keeping the running configuration:\n{}", e.getMessage());
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    ReloadReport report = ConfigReloader.apply(config, next, zones);
    applySync(next);
    if (!java.util.Objects.equals(config.query().rrl(), next.query().rrl())) {
      LOG.info("config {}: rrl settings changed, applied", config.source());
      processor.applyRateLimit(next.query().rrl());
    }
    config = next;
    Operations o = ops;
    if (o != null) {
      o.record(report);
    }
    return report;
  }

  /** Zone sync follows the re-read config (issue 6): roles, primaries, ACLs, keys, NOTIFY targets. */
  private void applySync(ServerConfig next) {
    if (sync != null) {
      sync.reconfigure(next);
    } else if (next.sync().enabled()) {
      sync = ZoneSync.start(next, zones);
      processor.attachSync(sync);
    }
  }

  /** {@link #reconfigure()} off the caller's thread (SIGHUP); errors are logged. */
  public CompletableFuture<ReloadReport> reconfigureAsync() {
    return CompletableFuture.supplyAsync(this::reconfigure);
  }

  /** Metrics, admin endpoint and monitor of this server (issue 6). */
  public Operations operations() {
    return ops;
  }

  /** {@link #reload()} without waiting (SIGHUP); never runs on an event loop. */
  public CompletableFuture<ReloadReport> reloadAsync() {
    return zones.reloadAsync();
  }

  /** Closes every socket and stops all threads; ports are free when it returns. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ops != null) {
      ops.close();
    }
    listeners.close();
    if (sync != null) {
      sync.close();
    }
    zones.close();
    LOG.info("stopped");
  }
}
