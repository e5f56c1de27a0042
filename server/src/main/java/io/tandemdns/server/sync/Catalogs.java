package io.tandemdns.server.sync;

import io.tandemdns.sync.catalog.CatalogContent;
import io.tandemdns.sync.catalog.CatalogException;
import io.tandemdns.sync.catalog.CatalogProducer;
import io.tandemdns.sync.catalog.Membership;
import io.tandemdns.sync.catalog.MembershipStore;
import io.tandemdns.sync.store.StoredZone;
import io.tandemdns.sync.store.ZoneStore;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.diff.Serial;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.Name;

/**
 * Catalog zones inside the server (issue 8, RFC 9432): the consumer side turns each version of a
 * consumer catalog into member secondaries; the producer side regenerates producer catalogs from
 * the zones served here. Not thread-safe on its own: {@link ZoneSync} calls it under its lock.
 */
final class Catalogs {
  private static final Logger LOG = LogManager.getLogger(Catalogs.class);

  /** The member set after a change, and the members whose state must be dropped (§5.4). */
  record Change(Map<Name, ZoneRole> roles, Set<Name> reset, List<Name> expiredRemovals) {}

  private final Path stateDir;
  private final MembershipStore store;
  private final Clock clock;
  private Map<Name, Membership.Owner> owners = new LinkedHashMap<>();
  private final Map<Name, MembershipStore.Removed> removed = new LinkedHashMap<>();
  /** The last usable version of each consumer catalog; absent until one was parsed. */
  private final Map<Name, CatalogContent> contents = new HashMap<>();
  /** Why a consumer catalog's newest version was not used, for status. */
  private final Map<Name, String> problems = new HashMap<>();

  Catalogs(Path stateDir, Clock clock) {
    this.stateDir = stateDir;
    this.store = stateDir == null ? null : new MembershipStore(stateDir);
    this.clock = clock;
  }

  /** Reads the persisted membership (start); a damaged file is logged and treated as empty. */
  void load() {
    if (store == null) {
      return;
    }
    try {
      MembershipStore.State s = store.load();
      owners = new LinkedHashMap<>(s.owners());
      removed.putAll(s.removed());
      if (!owners.isEmpty()) {
        LOG.info("catalog membership: {} member zone(s) from {}", owners.size(), store.file());
      }
    } catch (IOException e) {
      LOG.error("catalog membership {} unreadable ({}); members return with their catalogs' next versions",
          store.file(), e.getMessage());
    }
  }

  /** The catalog that owns a member zone here, if any (status). */
  Optional<Name> catalogOf(Name zone) {
    Membership.Owner o = owners.get(zone);
    return o == null ? Optional.empty() : Optional.of(o.catalog());
  }

  /** Why the newest version of a consumer catalog was refused, or null. */
  String problem(Name catalog) {
    return problems.get(catalog);
  }

  int memberCount(Name catalog) {
    return (int) owners.values().stream().filter(o -> o.catalog().equals(catalog)).count();
  }

  /** A new version of a consumer catalog is being served: parse it, for the next reconcile. */
  void version(Zone catalog) {
    try {
      CatalogContent c = CatalogContent.parse(catalog);
      contents.put(catalog.origin(), c);
      problems.remove(catalog.origin());
      for (String p : c.problems()) {
        LOG.warn("catalog {} serial {}: {}", catalog.origin(), catalog.serial(), p);
      }
    } catch (CatalogException e) {
      problems.put(catalog.origin(), e.getMessage());
      LOG.error("{}; its members stay as they were", e.getMessage());
    }
  }

  /**
   * Recomputes the membership from the catalogs' contents and the configuration, persists it,
   * and returns the member roles to run. Members removed now wait out their catalog's grace.
   */
  Change reconcile(SyncSettings configured, Collection<Name> staticZones) {
    CatalogSettings cs = configured.catalogs();
    contents.keySet().retainAll(cs.consumers().keySet());
    Map<Name, Membership.Policy> policies = new LinkedHashMap<>();
    cs.consumers().forEach((name, c) -> policies.put(name, c.policy()));
    Map<Name, Membership.Owner> former = new LinkedHashMap<>();
    removed.forEach((zone, r) -> former.put(zone, r.owner()));
    Membership.Outcome out = Membership.reconcile(owners, former, policies, contents, staticZones);
    for (String r : out.refused()) {
      LOG.error("catalog: {}", r);
    }
    Instant now = clock.instant();
    for (Map.Entry<Name, Membership.Owner> e : owners.entrySet()) {
      Membership.Owner next = out.owners().get(e.getKey());
      if (next == null) {
        CatalogSettings.Consumer c = cs.consumers().get(e.getValue().catalog());
        Duration grace = c == null ? CatalogSettings.DEFAULT_REMOVAL_GRACE : c.removalGrace();
        removed.put(e.getKey(), new MembershipStore.Removed(e.getValue(), now.plus(grace)));
        LOG.info("catalog {}: member {} removed; no longer served, its copy is deleted after {}",
            e.getValue().catalog(), e.getKey(), grace);
      } else if (!next.catalog().equals(e.getValue().catalog())) {
        CatalogContent old = contents.get(e.getValue().catalog());
        boolean coo = old != null && old.member(e.getKey()) != null;
        LOG.info("catalog {}: member {} moved here from catalog {} ({})", next.catalog(), e.getKey(),
            e.getValue().catalog(), coo ? "coo property, RFC 9432 §5.6" : "which no longer lists it");
      }
    }
    for (Map.Entry<Name, Membership.Owner> e : out.owners().entrySet()) {
      if (!owners.containsKey(e.getKey())) {
        LOG.info("catalog {}: member {} added", e.getValue().catalog(), e.getKey());
      }
      removed.remove(e.getKey()); // back within its grace: the kept copy is served again
    }
    for (Name r : out.reset()) {
      LOG.info("catalog {}: member {} has a new unique label; its state is reset (RFC 9432 §5.4)",
          out.owners().get(r).catalog(), r);
    }
    boolean changed = !owners.equals(out.owners());
    owners = new LinkedHashMap<>(out.owners());
    List<Name> expired = new ArrayList<>();
    for (var it = removed.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().deleteAt().isAfter(now)) {
        expired.add(e.getKey());
        it.remove();
        changed = true;
      }
    }
    if (changed || !out.reset().isEmpty()) {
      persist();
    }
    Map<Name, ZoneRole> roles = new LinkedHashMap<>();
    owners.forEach((zone, o) -> {
      CatalogSettings.Consumer c = cs.consumers().get(o.catalog());
      roles.put(zone, cs.memberRole(c, o.group(), configured.zones().get(o.catalog())));
    });
    return new Change(roles, out.reset(), expired);
  }

  /** When the next removed member's grace ends, or null. */
  Instant nextRemoval() {
    return removed.values().stream().map(MembershipStore.Removed::deleteAt).min(Instant::compareTo).orElse(null);
  }

  private void persist() {
    if (store == null) {
      return;
    }
    try {
      store.save(new MembershipStore.State(owners, removed));
    } catch (IOException e) {
      LOG.error("catalog membership could not be saved to {}: {}; it is rebuilt from the catalogs after a "
          + "restart", store.file(), e.toString());
    }
  }

  /**
   * The next version of a producer catalog, or null when its member list is unchanged. Members:
   * every zone served here except catalog zones, with the configured or inherited group.
   */
  Zone produce(Name catalog, Zone current, Collection<Name> served, CatalogSettings cs) {
    Map<Name, String> members = new TreeMap<>();
    for (Name zone : served) {
      if (!cs.isCatalog(zone)) {
        Membership.Owner o = owners.get(zone);
        members.put(zone, cs.groups().getOrDefault(zone, o == null ? null : o.group()));
      }
    }
    if (current != null && sameMembers(current, members)) {
      return null;
    }
    long serial = current == null ? epochSerial() : nextSerial(current.serial());
    List<CatalogProducer.Member> list = new ArrayList<>();
    members.forEach((zone, group) -> list.add(new CatalogProducer.Member(zone, group)));
    return CatalogProducer.build(catalog, serial, list);
  }

  /** Unix time when that is newer (RFC 1982), else the old serial + 1: never goes backwards. */
  private long nextSerial(long old) {
    long now = epochSerial();
    return Serial.isNewer(now, old) ? now : (old + 1) & 0xFFFFFFFFL;
  }

  private long epochSerial() {
    return clock.instant().getEpochSecond() & 0xFFFFFFFFL;
  }

  private static boolean sameMembers(Zone current, Map<Name, String> members) {
    try {
      CatalogContent c = CatalogContent.parse(current);
      if (c.members().size() != members.size()) {
        return false;
      }
      for (Map.Entry<Name, String> e : members.entrySet()) {
        CatalogContent.Member m = c.member(e.getKey());
        if (m == null || !Objects.equals(m.group(), e.getValue())) {
          return false;
        }
      }
      return true;
    } catch (CatalogException e) {
      return false;
    }
  }

  /** The persisted copy of a producer catalog (restart keeps its serial), or empty. */
  Optional<Zone> storedProducer(Name catalog) {
    if (stateDir == null) {
      return Optional.empty();
    }
    try {
      return new ZoneStore(stateDir, catalog).load().map(StoredZone::zone);
    } catch (IOException e) {
      LOG.warn("catalog {}: persisted copy unreadable ({}); generating anew", catalog, e.getMessage());
      return Optional.empty();
    }
  }

  void saveProducer(Zone zone) {
    if (stateDir == null) {
      return;
    }
    Instant now = clock.instant();
    try {
      // Never expires: it is our own zone, the timestamps only satisfy the store's format.
      new ZoneStore(stateDir, zone.origin()).save(new StoredZone(zone, now, now.plus(Duration.ofDays(36500))));
    } catch (IOException e) {
      LOG.error("catalog {}: could not persist serial {}: {}", zone.origin(), zone.serial(), e.toString());
    }
  }
}
