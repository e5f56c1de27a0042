package io.tandemdns.server.query;

/**
 * Validated, immutable settings of the query pipeline.
 *
 * @param ednsPayload the UDP payload size we advertise and the most we send (RFC 6891 §6.2.5;
 *     1232 by default, the DNS Flag Day 2020 value)
 * @param nsid the NSID option payload (RFC 5001), or null to not answer NSID
 * @param version answer for CH TXT version.bind / version.server, or null for REFUSED
 * @param identity answer for CH TXT id.server / hostname.bind, or null for REFUSED
 * @param cacheMaxEntries the response cache bound (0 disables the cache)
 */
public record QuerySettings(int ednsPayload, byte[] nsid, String version, String identity, long cacheMaxEntries) {
  public static final int DEFAULT_EDNS_PAYLOAD = 1232;

  public static QuerySettings defaults() {
    return new QuerySettings(DEFAULT_EDNS_PAYLOAD, null, "Tandem DNS", null, 100_000);
  }
}
