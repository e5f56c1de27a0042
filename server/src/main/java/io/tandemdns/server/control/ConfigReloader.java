package io.tandemdns.server.control;

import io.tandemdns.server.ReloadReport;
import io.tandemdns.server.ZoneManager;
import io.tandemdns.server.config.ConfigException;
import io.tandemdns.server.config.ConfigFile;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.config.ZoneConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.Name;

/**
 * Hot reconfiguration (SIGHUP, POST /reload): re-reads the config file, and if it is valid as a
 * whole applies the zone list — removed zones stop being served, added ones are loaded — then
 * reloads changed zone files. A file with any error changes nothing. Settings that need new
 * sockets or threads (listen, threads, tcp, control) are reported as needing a restart.
 */
public final class ConfigReloader {
  private static final Logger LOG = LogManager.getLogger(ConfigReloader.class);

  private ConfigReloader() {}

  /**
   * @return the configuration now in force (the old one when {@code running} has no file)
   * @throws ConfigException when the file has errors; nothing was changed
   */
  public static ServerConfig reread(ServerConfig running) throws ConfigException {
    if (running.source() == null) {
      return running;
    }
    ServerConfig next = ConfigFile.read(running.source());
    warnRestartNeeded(running, next);
    // Only what can change in place: the zone list (and the sync/ops settings that name zones),
    // and the rrl: settings (TandemServer swaps the limiter).
    return running.withZones(next.zones()).withOps(running.ops().withMonitor(next.ops().monitor()))
        .withSync(next.sync()) // zone sync applies the rest in place (ZoneSync.reconfigure)
        .withQuery(running.query().withRrl(next.query().rrl()));
  }

  /** Applies the zone list of {@code next} to the manager, then reloads changed files. */
  public static ReloadReport apply(ServerConfig running, ServerConfig next, ZoneManager zones) {
    Set<Name> before = origins(running.zones());
    Set<Name> after = origins(next.zones());
    Set<Name> added = new HashSet<>(after);
    added.removeAll(before);
    Set<Name> removed = new HashSet<>(before);
    removed.removeAll(after);
    if (!added.isEmpty() || !removed.isEmpty()) {
      LOG.info("config {}: adding zones {}, removing zones {}", running.source(), added, removed);
    }
    zones.reconfigure(next.zones());
    return zones.reload();
  }

  private static Set<Name> origins(List<ZoneConfig> zones) {
    Set<Name> s = new HashSet<>();
    zones.forEach(z -> s.add(z.origin()));
    return s;
  }

  private static void warnRestartNeeded(ServerConfig running, ServerConfig next) {
    if (!running.listen().equals(next.listen())) {
      LOG.warn("config {}: 'listen' changed; restart to apply it", running.source());
    }
    if (running.threads() != next.threads()) {
      LOG.warn("config {}: 'threads' changed; restart to apply it", running.source());
    }
    if (!running.tcp().equals(next.tcp())) {
      LOG.warn("config {}: 'tcp' settings changed; restart to apply them", running.source());
    }
    // Cookie secrets may be drawn at random per read, so cookies are left out of the comparison.
    if (!running.query().withRrl(null).equals(next.query().withRrl(null).withCookies(running.query().cookies()))) {
      LOG.warn("config {}: query settings (edns-payload, nsid, version, identity, cache-size) changed; "
          + "restart to apply them", running.source());
    }
    if (!running.ops().control().equals(next.ops().control())) {
      LOG.warn("config {}: 'control' changed; restart to apply it", running.source());
    }
  }
}
