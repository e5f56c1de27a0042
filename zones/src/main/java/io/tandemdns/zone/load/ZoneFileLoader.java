package io.tandemdns.zone.load;

import io.tandemdns.zone.Zone;
import java.nio.file.Path;
import org.xbill.DNS.Name;

/** STUB: signature only; implementation in progress. */
public final class ZoneFileLoader {
  private ZoneFileLoader() {}

  /**
   * Loads, validates and builds a zone from an RFC 1035 master file.
   *
   * @throws ZoneLoadException listing every problem found as file:line: message
   */
  public static Zone load(Path file, Name origin) throws ZoneLoadException {
    throw new UnsupportedOperationException("pending");
  }
}
