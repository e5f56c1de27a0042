package io.tandemdns.server.control;

import io.tandemdns.server.ReloadReport;
import io.tandemdns.server.ZoneOutcome;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.config.ZoneConfig;
import io.tandemdns.server.sync.ZoneRole;
import io.tandemdns.server.sync.ZoneSync;
import io.tandemdns.sync.journal.Journal;
import io.tandemdns.sync.refresh.SecondaryZone;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneRegistry;
import io.tandemdns.zone.load.ZoneProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.xbill.DNS.Name;

/**
 * Zone status of a running server, assembled on each request from the served registry, the
 * configuration and zone sync's secondary state. Nothing is cached but the last load problems.
 */
public final class ServerZoneStatus implements ZoneStatusSource {
  private static final int MAX_PROBLEMS = 5;

  private final Supplier<ServerConfig> config;
  private final Supplier<ZoneRegistry> registry;
  private final Supplier<ZoneSync> sync;
  private final Map<Name, List<String>> loadProblems = new ConcurrentHashMap<>();

  public ServerZoneStatus(Supplier<ServerConfig> config, Supplier<ZoneRegistry> registry, Supplier<ZoneSync> sync) {
    this.config = config;
    this.registry = registry;
    this.sync = sync;
  }

  /** Remembers the errors of failed zones (shown until the zone loads again). */
  public void record(ReloadReport report) {
    for (ZoneOutcome o : report.zones()) {
      if (o.status() == ZoneOutcome.Status.FAILED) {
        loadProblems.put(o.origin(), o.problems().stream().filter(ZoneProblem::error).limit(MAX_PROBLEMS)
            .map(ZoneProblem::toString).toList());
      } else {
        loadProblems.remove(o.origin());
      }
    }
  }

  @Override
  public List<ZoneStatus> zones() {
    ServerConfig cfg = config.get();
    ZoneRegistry served = registry.get();
    ZoneSync zs = sync.get();
    // The running roles include catalog members (issue 8), which no config file lists.
    Map<Name, ZoneRole> roles = zs != null ? zs.roles() : cfg.sync().zones() == null ? Map.of() : cfg.sync().zones();
    Map<Name, String> files = new LinkedHashMap<>();
    for (ZoneConfig z : cfg.zones()) {
      files.put(z.origin(), z.file() == null ? null : z.file().toString());
    }
    for (Name n : roles.keySet()) {
      files.putIfAbsent(n, null);
    }
    List<ZoneStatus> out = new ArrayList<>();
    files.forEach((name, file) -> out.add(status(name, file, served.get(name), roles.get(name), zs)));
    return out;
  }

  private ZoneStatus status(Name name, String file, Zone zone, ZoneRole role, ZoneSync zs) {
    boolean secondary = role != null && role.isSecondary();
    List<String> problems = new ArrayList<>(loadProblems.getOrDefault(name, List.of()));
    String state = zone == null ? "not loaded" : "loaded";
    List<String> primaries = secondary ? role.primaries().stream().map(Object::toString).toList() : List.of();
    Optional<SecondaryZone> sz = zs == null ? Optional.empty() : zs.secondary(name);
    Journal journal = zs == null ? null : zs.journal(name);
    if (sz.isPresent()) {
      state = sz.get().state().name();
      if (sz.get().state() == SecondaryZone.State.EXPIRED) {
        problems.add("expired at " + sz.get().expireAt() + ": no primary answered");
      } else if (sz.get().state() == SecondaryZone.State.LOADING) {
        problems.add("no copy yet: waiting for the first transfer");
      }
    } else if (zone == null && problems.isEmpty()) {
      problems.add("not served");
    }
    Map<String, Object> facts = syncFacts(name, sz, zs);
    if (facts.get("catalog_problem") != null) {
      problems.add(facts.get("catalog_problem").toString());
    }
    return new ZoneStatus(name, secondary ? "secondary" : "primary", state,
        zone == null ? null : zone.serial(), zone == null ? null : zone.recordCount(), secondary ? null : file,
        primaries,
        sz.map(SecondaryZone::lastRefresh).orElse(null),
        sz.map(SecondaryZone::nextCheck).orElse(null),
        sz.map(SecondaryZone::expireAt).orElse(null),
        journal == null ? null : journal.size(),
        journal == null ? null : journal.bytes(),
        problems, facts);
  }

  /** Last refresh attempt and result (secondaries), last NOTIFY in and out (issue 6). */
  private static Map<String, Object> syncFacts(Name name, Optional<SecondaryZone> sz, ZoneSync zs) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (zs == null) {
      return m;
    }
    sz.ifPresent(z -> {
      if (z.lastAttempt() != null) {
        m.put("last_refresh_attempt", z.lastAttempt().toString());
        m.put("last_refresh_result", z.lastResult());
      }
    });
    m.putAll(zs.activity(name).toMap());
    m.putAll(zs.catalogFacts(name));
    return m;
  }
}
