package io.tandemdns.server.config;

import io.tandemdns.server.control.ControlSettings;
import io.tandemdns.server.querylog.QueryLogSettings;
import io.tandemdns.sync.monitor.MonitorSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.YAMLConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Reads the {@code control:}, {@code monitor:} and {@code query-log:} sections (issue 6). Each
 * problem names file, key and value, like {@link ConfigFile}; they are collected, never thrown
 * one at a time.
 */
final class OpsConfigReader {
  /** A control token shorter than this is guessable; refuse it. */
  static final int MIN_TOKEN_LENGTH = 16;

  private final YAMLConfiguration yaml;
  private final String file;
  private final Path baseDir;
  private final Consumer<String> problems;

  private OpsConfigReader(YAMLConfiguration yaml, String file, Path baseDir, Consumer<String> problems) {
    this.yaml = yaml;
    this.file = file;
    this.baseDir = baseDir;
    this.problems = problems;
  }

  static OpsSettings read(YAMLConfiguration yaml, String file, Path baseDir, Consumer<String> problems) {
    OpsConfigReader r = new OpsConfigReader(yaml, file, baseDir, problems);
    return new OpsSettings(r.control(), r.monitor(), r.queryLog());
  }

  private boolean present(String section) {
    for (Iterator<String> it = yaml.getKeys(section); it.hasNext(); ) {
      it.next();
      return true;
    }
    return false;
  }

  /** On only when the file has a {@code control:} section; listens on 127.0.0.1:5380 unless told otherwise. */
  private ControlSettings control() {
    if (!present("control")) {
      return ControlSettings.disabled();
    }
    InetSocketAddress listen = ControlSettings.defaultListen();
    Object raw = yaml.getProperty(ConfigKey.CONTROL_LISTEN.key());
    if (raw != null) {
      try {
        listen = ListenAddress.parse(raw.toString());
      } catch (IllegalArgumentException e) {
        problem(ConfigKey.CONTROL_LISTEN, e.getMessage());
      }
    }
    String token = string(ConfigKey.CONTROL_TOKEN);
    String tokenFile = string(ConfigKey.CONTROL_TOKEN_FILE);
    if (token != null && tokenFile != null) {
      problem(ConfigKey.CONTROL_TOKEN_FILE, "give either control.token or control.token-file, not both");
    } else if (tokenFile != null) {
      Path path = baseDir.resolve(tokenFile).normalize();
      try {
        token = Files.readString(path, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
          problem(ConfigKey.CONTROL_TOKEN_FILE, path + " is empty");
          token = null;
        }
      } catch (IOException e) {
        problem(ConfigKey.CONTROL_TOKEN_FILE, "cannot read " + path + ": " + e.getMessage());
      }
    }
    if (token != null && token.length() < MIN_TOKEN_LENGTH) {
      problem(tokenFile != null ? ConfigKey.CONTROL_TOKEN_FILE : ConfigKey.CONTROL_TOKEN,
          "the token must be at least " + MIN_TOKEN_LENGTH + " characters (e.g. `openssl rand -hex 24`)");
      token = null;
    }
    return new ControlSettings(listen, token);
  }

  private MonitorSettings monitor() {
    MonitorSettings d = MonitorSettings.disabled();
    if (!present("monitor")) {
      return d;
    }
    boolean enabled = bool(ConfigKey.MONITOR_ENABLED, true);
    Duration interval = Duration.ofSeconds(number(ConfigKey.MONITOR_INTERVAL, 1, 86_400, d.interval().toSeconds()));
    Duration threshold = Duration.ofSeconds(number(ConfigKey.MONITOR_THRESHOLD, 0, 86_400 * 7, d.threshold().toSeconds()));
    Duration timeout = Duration.ofSeconds(number(ConfigKey.MONITOR_TIMEOUT, 1, 60, d.timeout().toSeconds()));
    boolean resolveNs = bool(ConfigKey.MONITOR_RESOLVE_NS, true);
    int nsPort = (int) number(ConfigKey.MONITOR_NS_PORT, 1, 65535, 53);
    Map<Name, List<InetSocketAddress>> extra = new LinkedHashMap<>();
    int index = 0;
    for (HierarchicalConfiguration<ImmutableNode> entry : yaml.configurationsAt(ConfigKey.MONITOR_ZONES.key())) {
      index++;
      Object rawName = entry.getProperty("name");
      Name origin;
      try {
        if (rawName == null || rawName instanceof List) {
          throw new TextParseException("missing");
        }
        origin = Name.fromString(rawName.toString(), Name.root);
      } catch (TextParseException e) {
        problem(ConfigKey.MONITOR_ZONES_NAME, "entry #" + index + ": '" + rawName + "' is not a zone name");
        continue;
      }
      List<InetSocketAddress> addresses = new ArrayList<>();
      Object rawAddresses = entry.getProperty("addresses");
      List<?> items = rawAddresses == null ? List.of() : rawAddresses instanceof List<?> l ? l : List.of(rawAddresses);
      for (Object item : items) {
        try {
          addresses.add(ListenAddress.parse(item.toString()));
        } catch (IllegalArgumentException e) {
          problem(ConfigKey.MONITOR_ZONES_ADDRESSES, "zone " + origin + ": " + e.getMessage());
        }
      }
      if (extra.put(origin, List.copyOf(addresses)) != null) {
        problem(ConfigKey.MONITOR_ZONES_NAME, origin + " is listed twice");
      }
    }
    return new MonitorSettings(enabled, interval, threshold, timeout, resolveNs, nsPort, extra);
  }

  private QueryLogSettings queryLog() {
    if (!present("query-log")) {
      return QueryLogSettings.off();
    }
    int sample = (int) number(ConfigKey.QUERY_LOG_SAMPLE, 0, 1_000_000_000, 0);
    String f = string(ConfigKey.QUERY_LOG_FILE);
    return new QueryLogSettings(sample, f == null ? null : baseDir.resolve(f).normalize());
  }

  private String string(ConfigKey key) {
    Object raw = yaml.getProperty(key.key());
    if (raw == null) {
      return null;
    }
    if (raw instanceof List || raw.toString().isBlank()) {
      problem(key, "'" + raw + "' is not a single non-empty value");
      return null;
    }
    return raw.toString();
  }

  private long number(ConfigKey key, long min, long max, long fallback) {
    Object raw = yaml.getProperty(key.key());
    if (raw == null) {
      return fallback;
    }
    try {
      long v = Long.parseLong(raw.toString().trim());
      if (v < min || v > max) {
        problem(key, v + " is not in " + min + ".." + max);
        return fallback;
      }
      return v;
    } catch (NumberFormatException e) {
      problem(key, "'" + raw + "' is not a whole number");
      return fallback;
    }
  }

  private boolean bool(ConfigKey key, boolean fallback) {
    Object raw = yaml.getProperty(key.key());
    if (raw == null) {
      return fallback;
    }
    String s = raw.toString().trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    problem(key, "'" + raw + "' is not true or false");
    return fallback;
  }

  private void problem(ConfigKey key, String message) {
    problems.accept(file + ": key '" + key.key() + "': " + message);
  }
}
