package io.tandemdns.server.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every key a {@code tandem.yaml} may contain: the schema in one place. A key not listed here is
 * an error, so a typo never silently falls back to a default. To add a setting, add a constant
 * here and read it in {@link ConfigFile}.
 */
public enum ConfigKey {
  LISTEN("listen", "addresses for UDP and TCP: a list of ip:port or \"[ipv6]:port\" (quoted)"),
  ZONES("zones", "served zones: a list of {name, file}"),
  ZONE_NAME("zones.name", "the zone's origin, e.g. example.com."),
  ZONE_FILE("zones.file", "its master file; relative paths are relative to the config file"),
  IDENTITY_VERSION("identity.version", "answer to CH TXT version.bind / version.server"),
  IDENTITY_IDENTITY("identity.identity", "answer to CH TXT id.server / hostname.bind"),
  IDENTITY_NSID("identity.nsid", "RFC 5001 NSID: text, or \"0x...\" for hex bytes"),
  IDENTITY_CHAOS("identity.chaos", "false: refuse all CH class identity queries"),
  EDNS_PAYLOAD("edns-payload", "UDP payload size advertised and used, 512..4096 (default 1232)"),
  CACHE_SIZE("cache-size", "response cache entries, 0 disables (default 100000)"),
  TCP_MAX_CONNECTIONS("tcp.max-connections", "open TCP connections in total (default 1000)"),
  TCP_MAX_CONNECTIONS_PER_CLIENT("tcp.max-connections-per-client", "open TCP connections per client address (default 50)"),
  TCP_IDLE_TIMEOUT("tcp.idle-timeout", "seconds without a complete query before a connection is closed (default 10)"),
  TCP_MAX_QUERIES_PER_CONNECTION("tcp.max-queries-per-connection", "queries answered before a connection is closed (default 10000)"),
  THREADS("threads", "event-loop threads, 0 = one per core"),
  LOGGING_LEVEL("logging.level", "error, warn, info, debug or trace");

  /** Keys of one entry of the {@code zones} list. */
  static final List<ConfigKey> ZONE_ENTRY = List.of(ZONE_NAME, ZONE_FILE);

  private final String key;
  private final String description;

  ConfigKey(String key, String description) {
    this.key = key;
    this.description = description;
  }

  /** The dotted key as written in YAML ({@code tcp.idle-timeout} is {@code idle-timeout} under {@code tcp}). */
  public String key() {
    return key;
  }

  public String description() {
    return description;
  }

  /** The key inside one {@code zones} entry ({@code name}, {@code file}). */
  String zoneEntryKey() {
    return key.substring(ZONES.key.length() + 1);
  }

  public static Optional<ConfigKey> find(String key) {
    return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
  }

  @Override
  public String toString() {
    return key;
  }
}
