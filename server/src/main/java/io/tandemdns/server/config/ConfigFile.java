package io.tandemdns.server.config;

import static io.tandemdns.server.config.ConfigKey.CACHE_SIZE;
import static io.tandemdns.server.config.ConfigKey.EDNS_PAYLOAD;
import static io.tandemdns.server.config.ConfigKey.IDENTITY_CHAOS;
import static io.tandemdns.server.config.ConfigKey.IDENTITY_IDENTITY;
import static io.tandemdns.server.config.ConfigKey.IDENTITY_NSID;
import static io.tandemdns.server.config.ConfigKey.IDENTITY_VERSION;
import static io.tandemdns.server.config.ConfigKey.LISTEN;
import static io.tandemdns.server.config.ConfigKey.LOGGING_LEVEL;
import static io.tandemdns.server.config.ConfigKey.TCP_IDLE_TIMEOUT;
import static io.tandemdns.server.config.ConfigKey.TCP_MAX_CONNECTIONS;
import static io.tandemdns.server.config.ConfigKey.TCP_MAX_CONNECTIONS_PER_CLIENT;
import static io.tandemdns.server.config.ConfigKey.TCP_MAX_QUERIES_PER_CONNECTION;
import static io.tandemdns.server.config.ConfigKey.THREADS;
import static io.tandemdns.server.config.ConfigKey.ZONES;
import static io.tandemdns.server.config.ConfigKey.ZONE_FILE;
import static io.tandemdns.server.config.ConfigKey.ZONE_NAME;

import io.tandemdns.server.cookie.CookieSettings;
import io.tandemdns.server.query.QuerySettings;
import io.tandemdns.server.rrl.ClientPrefix;
import io.tandemdns.server.rrl.RrlSettings;
import io.tandemdns.server.sync.CatalogConfigReader;
import io.tandemdns.server.sync.SyncConfigReader;
import io.tandemdns.server.sync.SyncSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.YAMLConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads {@code tandem.yaml} into a validated {@link ServerConfig}. Every value is checked where it
 * is read, and every problem names the file, the key and the offending value; all problems of a
 * file are reported together. Keys not in {@link ConfigKey} are errors.
 */
public final class ConfigFile {
  static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");

  private final String file;
  private final Path baseDir;
  private final YAMLConfiguration yaml;
  private final List<String> problems = new ArrayList<>();
  private final String text;

  private ConfigFile(Path path, YAMLConfiguration yaml, String text) {
    this.file = path.toString();
    this.baseDir = path.toAbsolutePath().getParent();
    this.yaml = yaml;
    this.text = text;
  }

  /** Reads and validates a config file. */
  public static ServerConfig read(Path path) throws ConfigException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(path + ": cannot read: " + e.getMessage());
    }
    return parse(text, path);
  }

  /** Validates config text as if read from {@code path} (relative zone files resolve against its directory). */
  public static ServerConfig parse(String text, Path path) throws ConfigException {
    YAMLConfiguration yaml = new YAMLConfiguration();
    try (Reader reader = new StringReader(text)) {
      yaml.read(reader);
    } catch (Exception e) {
      throw new ConfigException(path + ": not valid YAML: " + yamlProblem(e));
    }
    return new ConfigFile(path, yaml, text).build();
  }

  private ServerConfig build() throws ConfigException {
    rejectUnknownKeys();
    List<InetSocketAddress> listen = listen();
    List<ZoneConfig> zones = zones();
    QuerySettings defaults = QuerySettings.defaults();
    boolean chaos = bool(IDENTITY_CHAOS, true);
    String version = text(IDENTITY_VERSION, defaults.version());
    String identity = text(IDENTITY_IDENTITY, defaults.identity());
    QuerySettings query = new QuerySettings(
        (int) number(EDNS_PAYLOAD, 512, 4096, defaults.ednsPayload()),
        nsid(),
        chaos ? version : null,
        chaos ? identity : null,
        number(CACHE_SIZE, 0, 100_000_000, defaults.cacheMaxEntries()));
    TcpSettings tcpDefaults = TcpSettings.defaults();
    int maxConnections = (int) number(TCP_MAX_CONNECTIONS, 1, 1_000_000, tcpDefaults.maxConnections());
    int perClient = (int) number(TCP_MAX_CONNECTIONS_PER_CLIENT, 1, 1_000_000,
        Math.min(tcpDefaults.maxConnectionsPerClient(), maxConnections));
    if (perClient > maxConnections) {
      problem(TCP_MAX_CONNECTIONS_PER_CLIENT, perClient + " is more than " + TCP_MAX_CONNECTIONS + " (" + maxConnections + ")");
    }
    TcpSettings tcp = new TcpSettings(
        maxConnections,
        perClient,
        Duration.ofSeconds(number(TCP_IDLE_TIMEOUT, 1, 3600, tcpDefaults.idleTimeout().toSeconds())),
        (int) number(TCP_MAX_QUERIES_PER_CONNECTION, 1, 1_000_000_000, tcpDefaults.maxQueriesPerConnection()));
    int threads = (int) number(THREADS, 0, 1024, 0);
    String level = logLevel();
    query = query.withRrl(rrl()).withCookies(cookies()); // flood defence (issue 4)
    SyncSettings sync = SyncConfigReader.read(text, Path.of(file), problems::add);
    OpsSettings ops = OpsConfigReader.read(yaml, file, baseDir, problems::add);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ServerConfig(listen, zones, query, tcp, threads, Path.of(file), level).withSync(sync).withOps(ops);
  }

  private void rejectUnknownKeys() {
    for (Iterator<String> it = yaml.getKeys(); it.hasNext(); ) {
      String key = it.next();
      if (key.startsWith(ZONES.key() + ".")) {
        continue; // checked per entry in zones()
      }
      if (key.startsWith(ConfigKey.TEMPLATES.key() + ".")) {
        continue; // checked per entry by CatalogConfigReader
      }
      if (key.equals(ZONES.key())) {
        problem(ZONES, "each entry must be a mapping with 'name' and 'file', got " + show(yaml.getProperty(key)));
      } else if (ConfigKey.find(key).isEmpty()) {
        problems.add(file + ": unknown key '" + key + "' (known keys: " + knownKeys() + ")");
      }
    }
  }

  private static String knownKeys() {
    StringBuilder sb = new StringBuilder();
    for (ConfigKey k : ConfigKey.values()) {
      if (k != ZONES && !ConfigKey.ZONE_ENTRY.contains(k)) {
        sb.append(sb.length() == 0 ? "" : ", ").append(k.key());
      }
    }
    return sb.append(", zones[].name, zones[].file").toString();
  }

  private List<InetSocketAddress> listen() {
    List<InetSocketAddress> addresses = new ArrayList<>();
    Object raw = yaml.getProperty(LISTEN.key());
    if (raw == null) {
      return addresses;
    }
    List<?> items = raw instanceof List<?> list ? list : List.of(raw);
    for (Object item : items) {
      if (!(item instanceof String s)) {
        problem(LISTEN, show(item) + " is not an address; write each as a quoted string like \"192.0.2.1:53\" or \"[::1]:53\"");
        continue;
      }
      try {
        InetSocketAddress address = ListenAddress.parse(s);
        if (addresses.contains(address) && address.getPort() != 0) {
          problem(LISTEN, "'" + s + "' is listed twice");
        } else {
          addresses.add(address);
        }
      } catch (IllegalArgumentException e) {
        problem(LISTEN, e.getMessage());
      }
    }
    return addresses;
  }

  private List<ZoneConfig> zones() {
    List<ZoneConfig> zones = new ArrayList<>();
    Set<Name> seen = new HashSet<>();
    int index = 0;
    for (HierarchicalConfiguration<ImmutableNode> entry : yaml.configurationsAt(ZONES.key())) {
      index++;
      String where = " (zone #" + index + ")";
      for (Iterator<String> it = entry.getKeys(); it.hasNext(); ) {
        String key = it.next();
        if (ConfigKey.ZONE_ENTRY.stream().noneMatch(k -> k.zoneEntryKey().equals(key))) {
          problems.add(file + ": unknown key '" + ZONES.key() + "." + key + "'" + where + " (a zone has 'name' and 'file')");
        }
      }
      Object rawName = entry.getProperty(ZONE_NAME.zoneEntryKey());
      Object rawFile = entry.getProperty(ZONE_FILE.zoneEntryKey());
      if (rawName == null || rawName instanceof List) {
        problem(ZONE_NAME, where.trim() + ": missing or not a single name");
        continue;
      }
      Name origin;
      try {
        origin = Name.fromString(rawName.toString(), Name.root);
      } catch (TextParseException e) {
        problem(ZONE_NAME, show(rawName) + where + " is not a domain name: " + e.getMessage());
        continue;
      }
      where = " (zone " + origin + ")";
      if (!seen.add(origin)) {
        problem(ZONE_NAME, origin + " is listed twice");
        continue;
      }
      if (SyncConfigReader.isSecondary(entry.getProperty(ConfigKey.ZONE_ROLE.zoneEntryKey()))) {
        continue; // no file: its data comes from the primaries (SyncConfigReader checks the rest)
      }
      if (CatalogConfigReader.isProducer(entry.getProperty(ConfigKey.ZONE_CATALOG.zoneEntryKey()))) {
        if (rawFile != null) {
          problem(ZONE_FILE, where.trim() + ": a catalog producer is generated and has no file");
        }
        continue; // generated from the zones served here (issue 8)
      }
      if (rawFile == null || rawFile instanceof List) {
        problem(ZONE_FILE, where.trim() + ": missing or not a single file name");
        continue;
      }
      Path zoneFile = baseDir.resolve(rawFile.toString()).normalize();
      if (!Files.exists(zoneFile)) {
        problem(ZONE_FILE, zoneFile + where + " does not exist");
      } else if (!Files.isRegularFile(zoneFile) || !Files.isReadable(zoneFile)) {
        problem(ZONE_FILE, zoneFile + where + " is not a readable file");
      } else {
        zones.add(new ZoneConfig(origin, zoneFile));
      }
    }
    return zones;
  }

  private byte[] nsid() {
    Object raw = yaml.getProperty(IDENTITY_NSID.key());
    if (raw == null) {
      return QuerySettings.defaults().nsid();
    }
    if (!(raw instanceof String s) || s.isEmpty()) {
      problem(IDENTITY_NSID, show(raw) + " is not a non-empty quoted string (text, or \"0x...\" for hex)");
      return null;
    }
    byte[] bytes;
    if (s.startsWith("0x") || s.startsWith("0X")) {
      bytes = hex(s.substring(2));
      if (bytes == null) {
        problem(IDENTITY_NSID, "'" + s + "' is not an even number of hex digits after 0x");
        return null;
      }
    } else {
      bytes = s.getBytes(StandardCharsets.UTF_8);
    }
    if (bytes.length == 0 || bytes.length > 128) {
      problem(IDENTITY_NSID, "'" + s + "' must be 1..128 bytes, is " + bytes.length);
      return null;
    }
    return bytes;
  }

  private static byte[] hex(String digits) {
    if (digits.isEmpty() || digits.length() % 2 != 0) {
      return null;
    }
    byte[] out = new byte[digits.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(digits.charAt(2 * i), 16);
      int lo = Character.digit(digits.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }

  /** The {@code rrl:} section (issue 4): off (null) unless responses-per-second is set. */
  private RrlSettings rrl() {
    if (yaml.getProperty(ConfigKey.RRL_RESPONSES.key()) == null) {
      if (yaml.getKeys("rrl").hasNext()) {
        problem(ConfigKey.RRL_RESPONSES, "missing: rate limiting is off until it is set (the other rrl keys need it)");
      }
      return null;
    }
    int responses = (int) number(ConfigKey.RRL_RESPONSES, 0, RrlSettings.MAX_RATE, 0);
    int nxdomains = (int) number(ConfigKey.RRL_NXDOMAINS, 0, RrlSettings.MAX_RATE, responses);
    int errors = (int) number(ConfigKey.RRL_ERRORS, 0, RrlSettings.MAX_RATE, responses);
    int window = (int) number(ConfigKey.RRL_WINDOW, 1, RrlSettings.MAX_WINDOW, RrlSettings.DEFAULT_WINDOW);
    int slip = (int) number(ConfigKey.RRL_SLIP, 0, RrlSettings.MAX_SLIP, RrlSettings.DEFAULT_SLIP);
    List<ClientPrefix> exempt = new ArrayList<>();
    Object raw = yaml.getProperty(ConfigKey.RRL_EXEMPT.key());
    for (Object item : raw == null ? List.of() : raw instanceof List<?> list ? list : List.of(raw)) {
      try {
        exempt.add(ClientPrefix.parse(String.valueOf(item)));
      } catch (IllegalArgumentException e) {
        problem(ConfigKey.RRL_EXEMPT, e.getMessage());
      }
    }
    boolean logOnly = bool(ConfigKey.RRL_LOG_ONLY, false);
    int v4 = (int) number(ConfigKey.RRL_IPV4_PREFIX, 1, 32, RrlSettings.DEFAULT_IPV4_PREFIX);
    int v6 = (int) number(ConfigKey.RRL_IPV6_PREFIX, 1, 128, RrlSettings.DEFAULT_IPV6_PREFIX);
    int table = (int) number(ConfigKey.RRL_TABLE_SIZE, 1, RrlSettings.MAX_TABLE_SIZE, RrlSettings.DEFAULT_TABLE_SIZE);
    return new RrlSettings(responses, nxdomains, errors, window, slip, exempt, logOnly, v4, v6, table);
  }

  /** The {@code cookies:} section (issue 4): on by default with a random secret. */
  private CookieSettings cookies() {
    boolean enabled = bool(ConfigKey.COOKIES_ENABLED, true);
    byte[] secret = cookieSecret(ConfigKey.COOKIES_SECRET);
    byte[] previous = cookieSecret(ConfigKey.COOKIES_PREVIOUS_SECRET);
    if (previous != null && secret == null) {
      problem(ConfigKey.COOKIES_PREVIOUS_SECRET, "needs " + ConfigKey.COOKIES_SECRET + " (the new secret) too");
      previous = null;
    }
    return new CookieSettings(enabled, secret, previous);
  }

  private byte[] cookieSecret(ConfigKey key) {
    Object raw = yaml.getProperty(key.key());
    if (raw == null) {
      return null;
    }
    byte[] secret = raw instanceof String s ? CookieSettings.parseSecret(s) : null;
    if (secret == null) {
      problem(key, "must be a quoted string of 32 hex digits (128 bits), e.g. \"e5e973e5a6b2a43f48e7dc849e37bfcf\"");
    }
    return secret;
  }

  private String logLevel() {
    Object raw = yaml.getProperty(LOGGING_LEVEL.key());
    if (raw == null) {
      return null;
    }
    String level = raw.toString().toLowerCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(level)) {
      problem(LOGGING_LEVEL, show(raw) + " is not one of " + String.join(", ", LOG_LEVELS));
      return null;
    }
    return level;
  }

  private long number(ConfigKey key, long min, long max, long fallback) {
    Object raw = yaml.getProperty(key.key());
    if (raw == null) {
      return fallback;
    }
    long value;
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
      value = ((Number) raw).longValue();
    } else if (raw instanceof java.math.BigInteger) {
      problem(key, raw + " is not in " + min + ".." + max);
      return fallback;
    } else {
      try {
        value = Long.parseLong(raw.toString().trim());
      } catch (NumberFormatException e) {
        problem(key, show(raw) + " is not a whole number");
        return fallback;
      }
    }
    if (value < min || value > max) {
      problem(key, value + " is not in " + min + ".." + max);
      return fallback;
    }
    return value;
  }

  private boolean bool(ConfigKey key, boolean fallback) {
    Object raw = yaml.getProperty(key.key());
    if (raw == null) {
      return fallback;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    String s = raw.toString().trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    problem(key, show(raw) + " is not true or false");
    return fallback;
  }

  private String text(ConfigKey key, String fallback) {
    Object raw = yaml.getProperty(key.key());
    if (raw == null) {
      return fallback;
    }
    if (raw instanceof List || raw.toString().isEmpty() || raw.toString().length() > 255) {
      // A TXT character-string holds at most 255 bytes (RFC 1035 §3.3).
      problem(key, show(raw) + " is not a single text of 1..255 characters");
      return fallback;
    }
    return raw.toString();
  }

  private void problem(ConfigKey key, String message) {
    problems.add(file + ": key '" + key.key() + "': " + message);
  }

  private static String show(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }

  private static String yamlProblem(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
        return m.getProblem() + " at line " + (m.getProblemMark().getLine() + 1)
            + ", column " + (m.getProblemMark().getColumn() + 1)
            + " (quote values that start with '[', '{', '*' or '&', e.g. \"[::1]:53\")";
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
