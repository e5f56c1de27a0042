package io.tandemdns.lookup;

import io.tandemdns.zone.ZoneRegistry;
import org.xbill.DNS.Name;

/** STUB: signature only; implementation in progress. */
public final class Lookup {
  private Lookup() {}

  /**
   * Answers one question from the served zones (RFC 1034 §4.3.2).
   *
   * @param minimalAny answer ANY with one RRset (RFC 8482 §4.1), as over UDP
   */
  public static Answer resolve(ZoneRegistry zones, Name qname, int qtype, boolean minimalAny) {
    throw new UnsupportedOperationException("pending");
  }
}
