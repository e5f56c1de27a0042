package io.tandemdns.server.sync;

import io.tandemdns.server.config.ListenAddress;
import io.tandemdns.sync.journal.JournalLimits;
import io.tandemdns.sync.refresh.TimerLimits;
import io.tandemdns.sync.tsig.Acl;
import io.tandemdns.sync.tsig.AddressPrefix;
import io.tandemdns.sync.tsig.Keyring;
import io.tandemdns.sync.xfrin.Primary;
import io.tandemdns.sync.xfrin.TransferLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the zone-sync keys of {@code tandem.yaml} ({@code keys}, {@code state-dir},
 * {@code source-address}, {@code sync.*} and per zone {@code role}, {@code primaries},
 * {@code allow-transfer}, {@code notify}, {@code allow-notify}). The key names themselves are
 * checked by ConfigFile against ConfigKey; this class checks the values, and every problem names
 * the file, the key and the offending value, like the rest of the config.
 */
public final class SyncConfigReader {
  private static final int DNS_PORT = 53;

  private final String file;
  private final Path baseDir;
  private final Consumer<String> problems;
  private Keyring keyring = Keyring.empty();

  private SyncConfigReader(String file, Path baseDir, Consumer<String> problems) {
    this.file = file;
    this.baseDir = baseDir;
    this.problems = problems;
  }

  /** True when a raw zone entry (from the YAML tree) is a secondary: it has no file of its own. */
  public static boolean isSecondary(Object role) {
    return role != null && "secondary".equals(role.toString().trim().toLowerCase(Locale.ROOT));
  }

  /**
   * Validates the sync part of the config text; problems go to {@code problems} (the caller
   * collects all problems of the file and reports them together).
   */
  public static SyncSettings read(String text, Path configFile, Consumer<String> problems) {
    Object tree;
    try {
      tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (RuntimeException e) {
      return SyncSettings.NONE; // ConfigFile already reported the YAML error
    }
    if (!(tree instanceof Map<?, ?> root)) {
      return SyncSettings.NONE;
    }
    Path base = configFile.toAbsolutePath().getParent();
    return new SyncConfigReader(configFile.toString(), base, problems).build(root);
  }

  private SyncSettings build(Map<?, ?> root) {
    readKeys(root.get("keys"));
    Path stateDir = null;
    if (root.get("state-dir") != null) {
      stateDir = baseDir.resolve(root.get("state-dir").toString()).normalize();
      if (Files.exists(stateDir) && !Files.isDirectory(stateDir)) {
        problem("state-dir", stateDir + " exists and is not a directory");
      }
    }
    InetAddress source = null;
    if (root.get("source-address") != null) {
      source = address("source-address", root.get("source-address").toString());
    }
    Map<?, ?> sync = root.get("sync") instanceof Map<?, ?> m ? m : Map.of();
    if (root.get("sync") != null && !(root.get("sync") instanceof Map)) {
      problem("sync", "must be a mapping of limits (refresh-min, retry-min, ...)");
    }
    TimerLimits d = TimerLimits.DEFAULT;
    TimerLimits timers = d;
    try {
      timers = new TimerLimits(
          duration(sync, "refresh-min", d.minRefresh()), duration(sync, "refresh-max", d.maxRefresh()),
          duration(sync, "retry-min", d.minRetry()), duration(sync, "retry-max", d.maxRetry()),
          duration(sync, "expire-min", d.minExpire()), duration(sync, "expire-max", d.maxExpire()));
    } catch (IllegalArgumentException e) {
      problem("sync", e.getMessage());
    }
    JournalLimits journal = JournalLimits.DEFAULT;
    try {
      journal = new JournalLimits(
          (int) number(sync, "journal-max-entries", 1, 1_000_000, journal.maxEntries()),
          number(sync, "journal-max-bytes", 1, Long.MAX_VALUE, journal.maxBytes()));
    } catch (IllegalArgumentException e) {
      problem("sync", e.getMessage());
    }
    TransferLimits t = TransferLimits.DEFAULT;
    TransferLimits transfer = new TransferLimits(
        number(sync, "transfer-max-records", 1, Long.MAX_VALUE, t.maxRecords()),
        number(sync, "transfer-max-bytes", 1, Long.MAX_VALUE, t.maxBytes()),
        duration(sync, "transfer-max-time", t.maxTime()));
    Map<Name, ZoneRole> roles = new LinkedHashMap<>();
    if (root.get("zones") instanceof List<?> zones) {
      for (Object z : zones) {
        if (z instanceof Map<?, ?> entry) {
          readZone(entry, roles);
        }
      }
    }
    CatalogSettings catalogs = new CatalogConfigReader(this).read(root.get("templates"), root.get("zones"), roles,
        stateDir);
    return new SyncSettings(keyring, stateDir, source, timers, journal, transfer, roles, catalogs);
  }

  private void readKeys(Object raw) {
    if (raw == null) {
      return;
    }
    if (!(raw instanceof List<?> list)) {
      problem("keys", "must be a list of {name, algorithm, secret | secret-file}");
      return;
    }
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> k) || k.get("name") == null) {
        problem("keys", show(item) + " is not a mapping with a 'name'");
        continue;
      }
      String name = k.get("name").toString();
      String alg = k.get("algorithm") == null ? "hmac-sha256" : k.get("algorithm").toString();
      Object secret = k.get("secret");
      Object secretFile = k.get("secret-file");
      try {
        if ((secret == null) == (secretFile == null)) {
          problem("keys", "key '" + name + "': give exactly one of 'secret' and 'secret-file'");
        } else if (secret != null) {
          keyring = keyring.with(name, alg, secret.toString());
        } else {
          Path path = baseDir.resolve(secretFile.toString()).normalize();
          if (!Files.isReadable(path)) {
            problem("keys.secret-file", "key '" + name + "': " + path + " is not a readable file");
          } else {
            keyring = keyring.withSecretFile(name, alg, path); // warns when group/others can read it
          }
        }
      } catch (IllegalArgumentException | IOException e) {
        problem("keys", e.getMessage());
      }
    }
  }

  private void readZone(Map<?, ?> entry, Map<Name, ZoneRole> roles) {
    Object rawName = entry.get("name");
    if (rawName == null) {
      return; // ConfigFile reports it
    }
    Name origin;
    try {
      origin = Name.fromString(rawName.toString(), Name.root);
    } catch (TextParseException e) {
      return; // ConfigFile reports it
    }
    Object role = entry.get("role");
    boolean anySync = role != null || entry.get("allow-transfer") != null || entry.get("notify") != null
        || entry.get("primaries") != null || entry.get("allow-notify") != null
        || entry.get("serial-policy") != null || entry.get("catalog") != null;
    if (!anySync) {
      return;
    }
    ZoneRole r = role(entry, "zones.", " (zone " + origin + ")", null);
    if (r != null) {
      roles.put(origin, r);
    }
  }

  /**
   * A catalog consumer's member template (issue 8): the sync keys of a secondary zone entry,
   * problems reported under {@code templates.*}.
   */
  ZoneRole template(Map<?, ?> entry, String name) {
    return role(entry, "templates.", " (template " + name + ")", ZoneRole.Kind.SECONDARY);
  }

  /** The role of a zone entry (or template, when {@code forced} is set); null after a problem. */
  private ZoneRole role(Map<?, ?> entry, String prefix, String where, ZoneRole.Kind forced) {
    Object role = entry.get("role");
    ZoneRole.Kind kind = forced != null ? forced : ZoneRole.Kind.PRIMARY;
    if (role != null && forced == null) {
      switch (role.toString().trim().toLowerCase(Locale.ROOT)) {
        case "primary" -> kind = ZoneRole.Kind.PRIMARY;
        case "secondary" -> kind = ZoneRole.Kind.SECONDARY;
        default -> {
          problem(prefix + "role", show(role) + where + " is not 'primary' or 'secondary'");
          return null;
        }
      }
    }
    List<Primary> primaries = new ArrayList<>();
    List<Acl.Rule> fromPrimaries = new ArrayList<>();
    for (Object p : list(entry.get("primaries"), prefix + "primaries", where)) {
      Endpoint e = endpoint(p, prefix + "primaries", where);
      if (e != null) {
        primaries.add(new Primary(e.address(), e.key()));
        // RFC 1996 §3.10: heed NOTIFY from the primaries; signed with its key when it has one.
        byte[] a = e.address().getAddress().getAddress();
        fromPrimaries.add(new Acl.Rule(new AddressPrefix(a, a.length * 8), e.keyName()));
      }
    }
    if (kind == ZoneRole.Kind.SECONDARY) {
      if (primaries.isEmpty()) {
        problem(prefix + "primaries", where.trim() + ": a secondary needs at least one primary");
      }
      if (entry.get("file") != null) {
        problem(prefix + "file", where.trim() + ": a secondary has no zone file (its copy lives in state-dir)");
      }
    } else if (!primaries.isEmpty()) {
      problem(prefix + "primaries", where.trim() + ": only a secondary has primaries (set role: secondary)");
    }
    List<ZoneRole.NotifyTarget> notify = new ArrayList<>();
    for (Object n : list(entry.get("notify"), prefix + "notify", where)) {
      Endpoint e = endpoint(n, prefix + "notify", where);
      if (e != null) {
        notify.add(new ZoneRole.NotifyTarget(e.address(), e.key()));
      }
    }
    Acl allowTransfer = acl(entry.get("allow-transfer"), prefix + "allow-transfer", where);
    Acl allowNotify;
    if (entry.get("allow-notify") != null) {
      if (kind != ZoneRole.Kind.SECONDARY) {
        problem(prefix + "allow-notify", where.trim() + ": only a secondary accepts NOTIFY");
      }
      allowNotify = acl(entry.get("allow-notify"), prefix + "allow-notify", where);
    } else {
      allowNotify = Acl.of(fromPrimaries);
    }
    SerialPolicy serialPolicy = null;
    if (entry.get("serial-policy") != null) {
      if (kind == ZoneRole.Kind.SECONDARY) {
        problem(prefix + "serial-policy", where.trim() + ": a secondary keeps its primary's serials");
      } else {
        try {
          serialPolicy = SerialPolicy.parse(entry.get("serial-policy").toString());
        } catch (IllegalArgumentException e) {
          problem(prefix + "serial-policy", e.getMessage() + where);
        }
      }
    }
    return new ZoneRole(kind, primaries, allowTransfer, notify, allowNotify, serialPolicy);
  }

  private Acl acl(Object raw, String key, String where) {
    List<Acl.Rule> rules = new ArrayList<>();
    for (Object r : list(raw, key, where)) {
      try {
        Acl.Rule rule = Acl.Rule.parse(r.toString());
        if (rule.key() != null && keyring.get(rule.key()).isEmpty()) {
          problem(key, "'" + r + "'" + where + ": no key '" + rule.key() + "' under 'keys'");
          continue;
        }
        rules.add(rule);
      } catch (IllegalArgumentException e) {
        problem(key, e.getMessage() + where);
      }
    }
    return Acl.of(rules);
  }

  private record Endpoint(InetSocketAddress address, TSIG key, Name keyName) {}

  /** {@code "addr[:port]"} or {@code {address: "addr[:port]", key: NAME}}. */
  private Endpoint endpoint(Object raw, String key, String where) {
    Object addr = raw;
    TSIG tsig = null;
    Name keyName = null;
    if (raw instanceof Map<?, ?> m) {
      addr = m.get("address");
      for (Object k : m.keySet()) {
        if (!"address".equals(k) && !"key".equals(k)) {
          problem(key, "unknown key '" + k + "'" + where + " (an entry has 'address' and 'key')");
        }
      }
      if (m.get("key") != null) {
        try {
          keyName = Name.fromString(m.get("key").toString(), Name.root);
          tsig = keyring.get(keyName).orElse(null);
          if (tsig == null) {
            problem(key, "key '" + m.get("key") + "'" + where + " is not defined under 'keys'");
            return null;
          }
        } catch (TextParseException e) {
          problem(key, "key '" + m.get("key") + "'" + where + " is not a domain name");
          return null;
        }
      }
    }
    if (addr == null) {
      problem(key, show(raw) + where + ": missing 'address'");
      return null;
    }
    try {
      InetSocketAddress a = ListenAddress.parse(addr.toString());
      if (a.getPort() == 0) {
        problem(key, "'" + addr + "'" + where + ": port 0 is not a destination");
        return null;
      }
      return new Endpoint(a, tsig, keyName);
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage() + where);
      return null;
    }
  }

  private List<?> list(Object raw, String key, String where) {
    if (raw == null) {
      return List.of();
    }
    if (raw instanceof List<?> l) {
      return l;
    }
    if (raw instanceof String || raw instanceof Map) {
      return List.of(raw);
    }
    problem(key, show(raw) + where + " is not a list");
    return List.of();
  }

  private InetAddress address(String key, String text) {
    byte[] b = io.netty.util.NetUtil.createByteArrayFromIpAddressString(text.trim());
    if (b == null) {
      problem(key, "'" + text + "' is not an IP address (host names are not accepted)");
      return null;
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      problem(key, "'" + text + "' is not an IP address");
      return null;
    }
  }

  /** Seconds as a number, or with a unit: {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
  private Duration duration(Map<?, ?> sync, String key, Duration fallback) {
    return duration(sync, key, "sync." + key, 1, fallback);
  }

  /** A duration under {@code map.key}, at least {@code minSeconds}; problems name {@code fullKey}. */
  Duration duration(Map<?, ?> map, String key, String fullKey, long minSeconds, Duration fallback) {
    Object raw = map.get(key);
    if (raw == null) {
      return fallback;
    }
    String s = raw.toString().trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (!s.isEmpty() && "smhd".indexOf(s.charAt(s.length() - 1)) >= 0) {
      unit = switch (s.charAt(s.length() - 1)) {
        case 'm' -> 60;
        case 'h' -> 3600;
        case 'd' -> 86400;
        default -> 1;
      };
      s = s.substring(0, s.length() - 1);
    }
    try {
      long v = Long.parseLong(s);
      if (v < minSeconds || v > 100L * 365 * 86400 / unit) {
        problem(fullKey, show(raw) + " must be at least " + minSeconds + " second" + (minSeconds == 1 ? "" : "s"));
        return fallback;
      }
      return Duration.ofSeconds(v * unit);
    } catch (NumberFormatException e) {
      problem(fullKey, show(raw) + " is not a duration (seconds, or a number with s, m, h or d)");
      return fallback;
    }
  }

  private long number(Map<?, ?> sync, String key, long min, long max, long fallback) {
    Object raw = sync.get(key);
    if (raw == null) {
      return fallback;
    }
    try {
      long v = Long.parseLong(raw.toString().trim());
      if (v < min || v > max) {
        problem("sync." + key, v + " is not in " + min + ".." + max);
        return fallback;
      }
      return v;
    } catch (NumberFormatException e) {
      problem("sync." + key, show(raw) + " is not a whole number");
      return fallback;
    }
  }

  void problem(String key, String message) {
    problems.accept(file + ": key '" + key + "': " + message);
  }

  static String show(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }
}
