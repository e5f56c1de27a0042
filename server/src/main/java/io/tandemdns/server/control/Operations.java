package io.tandemdns.server.control;

import io.tandemdns.server.ReloadReport;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.ZoneOutcome;
import io.tandemdns.server.config.OpsSettings;
import io.tandemdns.server.metrics.TandemMetrics;
import io.tandemdns.server.query.QueryProcessor;
import io.tandemdns.server.querylog.QueryLog;
import io.tandemdns.server.sync.ZoneSync;
import io.tandemdns.sync.monitor.ConsistencyMonitor;
import io.tandemdns.sync.monitor.NameResolver;
import io.tandemdns.sync.monitor.SystemNameResolver;
import io.tandemdns.sync.refresh.SecondaryZone;
import io.tandemdns.zone.Node;
import io.tandemdns.zone.RecordSet;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.load.ZoneProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Everything that operates a running server (issue 6): metrics, the admin endpoint, the NS-set
 * consistency monitor and the query log, started after the listeners and closed before them.
 */
public final class Operations implements ZoneActions, AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(Operations.class);

  private final TandemServer server;
  private final ServerZoneStatus status;
  private final TandemMetrics metrics;
  private final ConsistencyMonitor monitor;
  private final ControlServer control;
  private final QueryLog queryLog;
  private final QueryProcessor processor;
  private final Function<TandemServer, ReloadReport> reloader;

  private Operations(TandemServer server, QueryProcessor processor, ServerZoneStatus status, TandemMetrics metrics,
      ConsistencyMonitor monitor, ControlServer control, QueryLog queryLog, Function<TandemServer, ReloadReport> reloader) {
    this.server = server;
    this.processor = processor;
    this.status = status;
    this.metrics = metrics;
    this.monitor = monitor;
    this.control = control;
    this.queryLog = queryLog;
    this.reloader = reloader;
  }

  /**
   * Starts what {@code server.config().ops()} asks for; metrics always exist (cheap: read at
   * scrape time). {@code reloader} is how POST /reload reloads (re-reading the config file).
   *
   * @throws UncheckedIOException when the control address cannot be bound
   */
  public static Operations start(TandemServer server, QueryProcessor processor, NameResolver resolver,
      Function<TandemServer, ReloadReport> reloader) {
    OpsSettings ops = server.config().ops();
    ServerZoneStatus status = new ServerZoneStatus(server::config, server::zones, server::sync);
    status.record(server.initialLoad());
    ConsistencyMonitor monitor = null;
    QueryLog log = null;
    ControlServer control = null;
    try {
      if (ops.monitor().enabled()) {
        monitor = new ConsistencyMonitor(ops.monitor(),
            !ops.monitor().resolveNs() ? NameResolver.NONE : resolver != null ? resolver : new SystemNameResolver());
      }
      ConsistencyMonitor m = monitor;
      TandemMetrics metrics = new TandemMetrics(processor, status, server::sync,
          m == null ? Map::of : m::latest, Clock.systemUTC());
      if (ops.queryLog().enabled()) {
        log = QueryLog.start(ops.queryLog());
        processor.attachQueryLog(log);
      }
      Operations o = new Operations(server, processor, status, metrics, monitor, null, log, reloader);
      if (ops.control().enabled()) {
        try {
          control = ControlServer.start(ops.control(), status, o, metrics);
        } catch (IOException e) {
          throw new UncheckedIOException("control endpoint " + ops.control().listen() + ": " + e.getMessage(), e);
        }
      }
      o = new Operations(server, processor, status, metrics, monitor, control, log, reloader);
      if (monitor != null) {
        o.watchConfiguredZones();
        monitor.start();
      }
      return o;
    } catch (RuntimeException e) {
      if (control != null) {
        control.close();
      }
      if (monitor != null) {
        monitor.close();
      }
      if (log != null) {
        processor.attachQueryLog(null);
        log.close();
      }
      throw e;
    }
  }

  /** (Re)aligns the monitor with the configured zones (after a config reload too). */
  public void watchConfiguredZones() {
    if (monitor == null) {
      return;
    }
    List<Name> configured = status.zones().stream().map(ZoneStatus::name).toList();
    for (Name zone : configured) {
      monitor.watch(zone, () -> apexNsNames(server.zones().get(zone)));
    }
    for (Name watched : monitor.latest().keySet()) {
      if (!configured.contains(watched)) {
        monitor.unwatch(watched);
      }
    }
  }

  static List<Name> apexNsNames(Zone zone) {
    if (zone == null) {
      return List.of();
    }
    Node apex = zone.apex();
    RecordSet ns = apex == null ? null : apex.get(Type.NS);
    if (ns == null) {
      return List.of();
    }
    List<Name> names = new ArrayList<>();
    for (Record r : ns.records()) {
      names.add(((NSRecord) r).getTarget());
    }
    return names;
  }

  public ZoneStatusSource status() {
    return status;
  }

  public TandemMetrics metrics() {
    return metrics;
  }

  /** The monitor, or null when {@code monitor.enabled} is off. */
  public ConsistencyMonitor monitor() {
    return monitor;
  }

  /** The control endpoint, or null when there is no {@code control:} section. */
  public ControlServer control() {
    return control;
  }

  /** Called by every reload path (SIGHUP too) so status shows the latest load problems. */
  public void record(ReloadReport report) {
    status.record(report);
    watchConfiguredZones();
  }

  @Override
  public Map<String, Object> reload() throws ActionException {
    ReloadReport report;
    try {
      report = reloader.apply(server);
    } catch (IllegalArgumentException e) {
      // A config file with errors: rejected whole, the running config stays.
      throw new ActionException(422, e.getMessage());
    }
    record(report);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", report.ok());
    m.put("summary", report.toString());
    m.put("zones", report.zones().stream().map(Operations::outcome).toList());
    return m;
  }

  @Override
  public Map<String, Object> reloadZone(Name zone) throws ActionException {
    // The zone manager re-reads only files that changed, so reloading all costs a stat per zone.
    ReloadReport report = server.reload();
    record(report);
    Optional<ZoneOutcome> o = report.zones().stream().filter(z -> z.origin().equals(zone)).findFirst();
    if (o.isEmpty()) {
      throw new ActionException(409, "zone " + zone + " has no zone file to reload (a secondary? use refresh)");
    }
    Map<String, Object> m = outcome(o.get());
    m.put("ok", o.get().status() != ZoneOutcome.Status.FAILED);
    return m;
  }

  @Override
  public Map<String, Object> refresh(Name zone) throws ActionException {
    ZoneSync sync = server.sync();
    Optional<SecondaryZone> secondary = sync == null ? Optional.empty() : sync.secondary(zone);
    if (secondary.isEmpty()) {
      throw new ActionException(409, "zone " + zone + " is not a secondary: nothing to refresh (use reload)");
    }
    secondary.get().refreshNow();
    LOG.info("zone {}: refresh requested through the control API", zone);
    return Map.of("ok", true, "zone", zone.toString(), "scheduled", "refresh");
  }

  @Override
  public Map<String, Object> notify(Name zone) throws ActionException {
    ZoneSync sync = server.sync();
    if (sync == null) {
      throw new ActionException(409, "zone " + zone + " has no NOTIFY targets (zone sync is not configured)");
    }
    int targets;
    try {
      targets = sync.notifyNow(zone);
    } catch (IllegalArgumentException e) {
      throw new ActionException(409, e.getMessage());
    }
    if (targets == 0) {
      throw new ActionException(409, "zone " + zone + " has no NOTIFY targets (add 'notify:' to the zone)");
    }
    return Map.of("ok", true, "zone", zone.toString(), "targets", targets);
  }

  private static Map<String, Object> outcome(ZoneOutcome o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", o.origin().toString());
    m.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
    m.put("serial", o.serial() < 0 ? null : o.serial());
    m.put("records", o.records());
    m.put("problems", o.problems().stream().filter(ZoneProblem::error).limit(5).map(ZoneProblem::toString).toList());
    return m;
  }

  @Override
  public void close() {
    if (control != null) {
      control.close();
    }
    if (monitor != null) {
      monitor.close();
    }
    if (queryLog != null) {
      processor.attachQueryLog(null);
      queryLog.close();
    }
  }
}
