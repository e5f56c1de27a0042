package io.tandemdns.server.sync;

import io.tandemdns.sync.catalog.Membership;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * The catalog-zone part of the configuration (issue 8, RFC 9432).
 *
 * @param consumers catalog zones whose members become secondaries here, in configuration order
 * @param producers catalog zones generated from the zones served here
 * @param groups the group property a producer publishes for a configured zone
 * @param templates member settings by template name (secondary roles)
 */
public record CatalogSettings(Map<Name, Consumer> consumers, Set<Name> producers, Map<Name, String> groups,
    Map<String, ZoneRole> templates) {
  public static final CatalogSettings NONE = new CatalogSettings(Map.of(), Set.of(), Map.of(), Map.of());
  public static final int DEFAULT_MAX_MEMBERS = 10_000;
  public static final Duration DEFAULT_REMOVAL_GRACE = Duration.ofHours(1);

  /**
   * One consumer catalog.
   *
   * @param templates template names; empty: members inherit the catalog zone's own settings
   */
  public record Consumer(Name catalog, List<String> templates, Membership.Policy policy, Duration removalGrace) {
    public Consumer {
      templates = List.copyOf(templates);
    }
  }

  public CatalogSettings {
    consumers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(consumers));
    producers = Set.copyOf(producers);
    groups = Map.copyOf(groups);
    templates = Map.copyOf(templates);
  }

  /** Whether {@code zone} is a catalog zone here (either kind): never a member of a producer. */
  public boolean isCatalog(Name zone) {
    return consumers.containsKey(zone) || producers.contains(zone);
  }

  /**
   * The settings of a member of {@code consumer} with group property {@code group} (RFC 9432
   * §4.4.2): the template of that name when the consumer lists it, else its first template, else
   * the catalog zone's own role.
   */
  public ZoneRole memberRole(Consumer consumer, String group, ZoneRole catalogRole) {
    if (consumer.templates().isEmpty()) {
      return new ZoneRole(ZoneRole.Kind.SECONDARY, catalogRole.primaries(), catalogRole.allowTransfer(),
          catalogRole.notifyTargets(), catalogRole.allowNotify(), null);
    }
    String name = group != null && consumer.templates().contains(group) ? group : consumer.templates().get(0);
    return templates.get(name);
  }
}
