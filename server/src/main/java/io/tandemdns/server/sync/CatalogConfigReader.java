package io.tandemdns.server.sync;

import io.tandemdns.sync.catalog.Membership;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Reads the catalog-zone keys of {@code tandem.yaml} (issue 8): {@code templates} and per zone
 * {@code catalog}, {@code catalog-templates}, {@code catalog-max-members},
 * {@code catalog-member-suffixes}, {@code catalog-removal-grace}, {@code catalog-group}. Every
 * problem names the file and key, through {@link SyncConfigReader}.
 */
public final class CatalogConfigReader {
  private static final Set<String> TEMPLATE_KEYS = Set.of("name", "primaries", "allow-transfer", "notify",
      "allow-notify");
  private final SyncConfigReader sync;

  CatalogConfigReader(SyncConfigReader sync) {
    this.sync = sync;
  }

  /** True when a raw zone entry's {@code catalog} value makes it a producer (it has no file). */
  public static boolean isProducer(Object catalog) {
    return catalog != null && "producer".equals(catalog.toString().trim().toLowerCase(Locale.ROOT));
  }

  CatalogSettings read(Object rawTemplates, Object rawZones, Map<Name, ZoneRole> roles, Path stateDir) {
    Map<String, ZoneRole> templates = templates(rawTemplates);
    Map<Name, CatalogSettings.Consumer> consumers = new LinkedHashMap<>();
    Set<Name> producers = new HashSet<>();
    Map<Name, String> groups = new LinkedHashMap<>();
    if (!(rawZones instanceof List<?> zones)) {
      return new CatalogSettings(consumers, producers, groups, templates);
    }
    for (Object z : zones) {
      if (!(z instanceof Map<?, ?> entry) || entry.get("name") == null) {
        continue; // ConfigFile reports it
      }
      Name origin;
      try {
        origin = Name.fromString(entry.get("name").toString(), Name.root);
      } catch (TextParseException e) {
        continue;
      }
      String where = " (zone " + origin + ")";
      if (entry.get("catalog-group") != null) {
        groups.put(origin, entry.get("catalog-group").toString());
      }
      Object kind = entry.get("catalog");
      if (kind == null) {
        for (String key : List.of("catalog-templates", "catalog-max-members", "catalog-member-suffixes",
            "catalog-removal-grace")) {
          if (entry.get(key) != null) {
            sync.problem("zones." + key, where.trim() + ": only a catalog consumer has it (set catalog: consumer)");
          }
        }
        continue;
      }
      ZoneRole role = roles.get(origin);
      switch (kind.toString().trim().toLowerCase(Locale.ROOT)) {
        case "consumer" -> {
          if (role == null || !role.isSecondary()) {
            sync.problem("zones.catalog", where.trim() + ": a catalog consumer is a secondary (set role: secondary "
                + "and its primaries)");
          }
          if (stateDir == null) {
            sync.problem("zones.catalog", where.trim() + ": a catalog consumer needs state-dir (its membership "
                + "is kept there)");
          }
          consumers.put(origin, consumer(origin, entry, templates, where));
        }
        case "producer" -> {
          if (role != null && role.isSecondary()) {
            sync.problem("zones.catalog", where.trim() + ": a catalog producer is generated here; it cannot "
                + "be a secondary");
          }
          producers.add(origin);
        }
        default -> sync.problem("zones.catalog", SyncConfigReader.show(kind) + where
            + " is not 'consumer' or 'producer'");
      }
    }
    return new CatalogSettings(consumers, producers, groups, templates);
  }

  private CatalogSettings.Consumer consumer(Name origin, Map<?, ?> entry, Map<String, ZoneRole> templates,
      String where) {
    List<String> names = new ArrayList<>();
    for (Object t : list(entry.get("catalog-templates"))) {
      if (!templates.containsKey(t.toString())) {
        sync.problem("zones.catalog-templates", "'" + t + "'" + where + " is not defined under 'templates'");
      } else {
        names.add(t.toString());
      }
    }
    int max = CatalogSettings.DEFAULT_MAX_MEMBERS;
    Object rawMax = entry.get("catalog-max-members");
    if (rawMax != null) {
      try {
        max = Integer.parseInt(rawMax.toString().trim());
        if (max < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        sync.problem("zones.catalog-max-members", SyncConfigReader.show(rawMax) + where
            + " is not a whole number >= 0");
      }
    }
    List<Name> suffixes = new ArrayList<>();
    for (Object s : list(entry.get("catalog-member-suffixes"))) {
      try {
        suffixes.add(Name.fromString(s.toString(), Name.root));
      } catch (TextParseException e) {
        sync.problem("zones.catalog-member-suffixes", "'" + s + "'" + where + " is not a domain name");
      }
    }
    Duration grace = sync.duration(entry, "catalog-removal-grace", "zones.catalog-removal-grace", 0,
        CatalogSettings.DEFAULT_REMOVAL_GRACE);
    return new CatalogSettings.Consumer(origin, names, new Membership.Policy(max, suffixes), grace);
  }

  private Map<String, ZoneRole> templates(Object raw) {
    Map<String, ZoneRole> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    if (!(raw instanceof List<?> items)) {
      sync.problem("templates", "must be a list of {name, primaries, allow-transfer, notify, allow-notify}");
      return out;
    }
    for (Object item : items) {
      if (!(item instanceof Map<?, ?> t) || t.get("name") == null) {
        sync.problem("templates", SyncConfigReader.show(item) + " is not a mapping with a 'name'");
        continue;
      }
      String name = t.get("name").toString();
      for (Object k : t.keySet()) {
        if (!TEMPLATE_KEYS.contains(String.valueOf(k))) {
          sync.problem("templates." + k, "unknown key in template '" + name + "' (a template has " + TEMPLATE_KEYS
              + ")");
        }
      }
      if (out.containsKey(name)) {
        sync.problem("templates.name", "'" + name + "' is defined twice");
        continue;
      }
      ZoneRole role = sync.template(t, name);
      if (role != null) {
        out.put(name, role);
      }
    }
    return out;
  }

  private static List<?> list(Object raw) {
    if (raw == null) {
      return List.of();
    }
    return raw instanceof List<?> l ? l : List.of(raw);
  }
}
