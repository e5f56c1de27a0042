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
  LOGGING_LEVEL("logging.level", "error, warn, info, debug or trace"),
  // Flood defence (issue 4): response rate limiting (off unless responses-per-second is set) and cookies.
  RRL_RESPONSES("rrl.responses-per-second", "answers/NODATA/referrals per second per bucket; setting it turns RRL on; 0 = unlimited"),
  RRL_NXDOMAINS("rrl.nxdomains-per-second", "NXDOMAIN responses per second per bucket (default: responses-per-second)"),
  RRL_ERRORS("rrl.errors-per-second", "error responses per second per client prefix (default: responses-per-second)"),
  RRL_WINDOW("rrl.window", "seconds of debt a flooding prefix accumulates, 1..3600 (default 15)"),
  RRL_SLIP("rrl.slip", "every Nth limited response is an empty TC=1 answer; 0 = drop all, 1 = slip all (default 2)"),
  RRL_EXEMPT("rrl.exempt", "client prefixes never limited, e.g. [\"10.0.0.0/8\", \"2001:db8::/32\"]"),
  RRL_LOG_ONLY("rrl.log-only", "true: count and log, but answer everything (default false)"),
  RRL_IPV4_PREFIX("rrl.ipv4-prefix", "IPv4 clients in one prefix of this length share buckets (default 24)"),
  RRL_IPV6_PREFIX("rrl.ipv6-prefix", "IPv6 clients in one prefix of this length share buckets (default 56)"),
  RRL_TABLE_SIZE("rrl.table-size", "buckets kept (about 32 bytes each; default 100000)"),
  COOKIES_ENABLED("cookies.enabled", "answer DNS cookies, RFC 7873 (default true)"),
  COOKIES_SECRET("cookies.secret", "server secret, 32 hex digits quoted; the same on every host of a deployment (default random)"),
  COOKIES_PREVIOUS_SECRET("cookies.previous-secret", "the secret before the last rotation; its cookies stay valid"),
  // Zone sync (issue 3); values are checked in io.tandemdns.server.sync.SyncConfigReader.
  ZONE_ROLE("zones.role", "primary (from its file) or secondary (pulled from primaries)"),
  ZONE_PRIMARIES("zones.primaries", "a secondary's primaries in order: \"addr[:port]\" or {address, key}"),
  ZONE_PRIMARIES_ADDRESS("zones.primaries.address", "primary address \"addr[:port]\""),
  ZONE_PRIMARIES_KEY("zones.primaries.key", "TSIG key name for this primary"),
  ZONE_ALLOW_TRANSFER("zones.allow-transfer", "who may AXFR/IXFR: prefixes, 'key NAME', 'PREFIX key NAME', 'any'"),
  ZONE_NOTIFY("zones.notify", "NOTIFY targets: \"addr[:port]\" or {address, key}"),
  ZONE_NOTIFY_ADDRESS("zones.notify.address", "NOTIFY target address"),
  ZONE_NOTIFY_KEY("zones.notify.key", "TSIG key to sign NOTIFY with"),
  ZONE_ALLOW_NOTIFY("zones.allow-notify", "who may NOTIFY a secondary (default: its primaries)"),
  ZONE_SERIAL_POLICY("zones.serial-policy", "a primary whose file changed without a newer serial gets one: increment, unixtime or dateserial"),
  // Catalog zones (issue 8, RFC 9432); values are checked in io.tandemdns.server.sync.CatalogConfigReader.
  ZONE_CATALOG("zones.catalog", "consumer (members become secondaries here) or producer (generated from the zones served here)"),
  ZONE_CATALOG_TEMPLATES("zones.catalog-templates", "a consumer's member settings: names under 'templates'; the first is the default, a member's group picks another"),
  ZONE_CATALOG_MAX_MEMBERS("zones.catalog-max-members", "members a consumer catalog may add (default 10000)"),
  ZONE_CATALOG_MEMBER_SUFFIXES("zones.catalog-member-suffixes", "a consumer takes only members under these names (default: any)"),
  ZONE_CATALOG_REMOVAL_GRACE("zones.catalog-removal-grace", "how long a removed member's persisted copy is kept, 0 = none (default 1h)"),
  ZONE_CATALOG_GROUP("zones.catalog-group", "the group property a producer publishes for this zone (RFC 9432 §4.4.2)"),
  TEMPLATES("templates", "member settings for catalog consumers: a list of {name, primaries, allow-transfer, notify, allow-notify}"),
  KEYS("keys", "TSIG keys: a list of {name, algorithm, secret | secret-file}"),
  KEYS_NAME("keys.name", "TSIG key name"),
  KEYS_ALGORITHM("keys.algorithm", "hmac-sha256 (default), hmac-sha384, hmac-sha512, hmac-sha224, hmac-sha1, hmac-md5"),
  KEYS_SECRET("keys.secret", "base64 secret"),
  KEYS_SECRET_FILE("keys.secret-file", "file holding the base64 secret (should be mode 600)"),
  STATE_DIR("state-dir", "directory for secondary copies and journals (created on start)"),
  SOURCE_ADDRESS("source-address", "source of outgoing NOTIFY, SOA queries and transfers"),
  SYNC_REFRESH_MIN("sync.refresh-min", "lowest SOA refresh used, seconds (default 60, at least 1)"),
  SYNC_REFRESH_MAX("sync.refresh-max", "highest SOA refresh used (default 1d)"),
  SYNC_RETRY_MIN("sync.retry-min", "lowest SOA retry used (default 10)"),
  SYNC_RETRY_MAX("sync.retry-max", "highest SOA retry used (default 1d)"),
  SYNC_EXPIRE_MIN("sync.expire-min", "lowest SOA expire used (default 600)"),
  SYNC_EXPIRE_MAX("sync.expire-max", "highest SOA expire used (default 90d)"),
  SYNC_JOURNAL_MAX_ENTRIES("sync.journal-max-entries", "diffs kept per zone for IXFR (default 100)"),
  SYNC_JOURNAL_MAX_BYTES("sync.journal-max-bytes", "bytes of diffs kept per zone (default 16 MiB)"),
  SYNC_TRANSFER_MAX_RECORDS("sync.transfer-max-records", "largest incoming transfer, records (default 10000000)"),
  SYNC_TRANSFER_MAX_BYTES("sync.transfer-max-bytes", "largest incoming transfer, bytes (default 2 GiB)"),
  SYNC_TRANSFER_MAX_TIME("sync.transfer-max-time", "longest incoming transfer, seconds (default 900)"),
  // Operations (issue 6); values are checked in OpsConfigReader.
  CONTROL_LISTEN("control.listen", "admin HTTP endpoint address (default 127.0.0.1:5380); the section turns it on"),
  CONTROL_TOKEN("control.token", "bearer token required for every non-GET request (16+ characters)"),
  CONTROL_TOKEN_FILE("control.token-file", "file holding the token (instead of control.token)"),
  MONITOR_ENABLED("monitor.enabled", "run the NS-set consistency monitor (default true when the section exists)"),
  MONITOR_INTERVAL("monitor.interval", "seconds between rounds (default 30)"),
  MONITOR_THRESHOLD("monitor.threshold", "seconds an address may be down/lame/behind before a WARN (default 60)"),
  MONITOR_TIMEOUT("monitor.timeout", "seconds per SOA query (default 2)"),
  MONITOR_RESOLVE_NS("monitor.resolve-ns", "resolve the apex NS names through the system resolver (default true)"),
  MONITOR_NS_PORT("monitor.ns-port", "port the resolved NS addresses are asked on (default 53)"),
  MONITOR_ZONES("monitor.zones", "extra addresses to watch: a list of {name, addresses}"),
  MONITOR_ZONES_NAME("monitor.zones.name", "the zone"),
  MONITOR_ZONES_ADDRESSES("monitor.zones.addresses", "addresses \"ip[:port]\" (the provider's nameservers, the hidden primary)"),
  QUERY_LOG_SAMPLE("query-log.sample", "log one query in N as JSON (default 0 = off)"),
  QUERY_LOG_FILE("query-log.file", "file for the query log (default stdout)");

  /** Keys of one entry of the {@code zones} list. */
  static final List<ConfigKey> ZONE_ENTRY = List.of(ZONE_NAME, ZONE_FILE, ZONE_ROLE, ZONE_PRIMARIES,
      ZONE_PRIMARIES_ADDRESS, ZONE_PRIMARIES_KEY, ZONE_ALLOW_TRANSFER, ZONE_NOTIFY, ZONE_NOTIFY_ADDRESS,
      ZONE_NOTIFY_KEY, ZONE_ALLOW_NOTIFY, ZONE_SERIAL_POLICY, ZONE_CATALOG, ZONE_CATALOG_TEMPLATES,
      ZONE_CATALOG_MAX_MEMBERS, ZONE_CATALOG_MEMBER_SUFFIXES, ZONE_CATALOG_REMOVAL_GRACE, ZONE_CATALOG_GROUP);

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
