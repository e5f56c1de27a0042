package io.tandemdns.server.querylog;

import java.nio.file.Path;

/**
 * The optional query log.
 *
 * @param sample log one query in this many; 0 = off (the default)
 * @param file JSON lines go here, or null for stdout
 */
public record QueryLogSettings(int sample, Path file) {
  public static QueryLogSettings off() {
    return new QueryLogSettings(0, null);
  }

  public boolean enabled() {
    return sample > 0;
  }
}
