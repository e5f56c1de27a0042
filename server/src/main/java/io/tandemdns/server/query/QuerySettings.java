package io.tandemdns.server.query;

import io.tandemdns.server.cookie.CookieSettings;
import io.tandemdns.server.rrl.RrlSettings;
import java.nio.charset.StandardCharsets;

/**
 * Validated, immutable settings of the query pipeline.
 *
 * @param ednsPayload the UDP payload size we advertise and the most we send (RFC 6891 §6.2.5;
 *     1232 by default, the DNS Flag Day 2020 value); 512..65535
 * @param nsid the NSID option payload (RFC 5001), or null to not answer NSID; at most 128 bytes
 * @param version answer for CH TXT version.bind / version.server, or null for REFUSED
 * @param identity answer for CH TXT id.server / hostname.bind, or null for REFUSED
 * @param cacheMaxEntries the response cache bound (0 disables the cache)
 * @param rrl response rate limiting (issue 4), or null when off (the default)
 * @param cookies DNS cookies (RFC 7873/9018; issue 4); never null
 */
public record QuerySettings(
    int ednsPayload, byte[] nsid, String version, String identity, long cacheMaxEntries, RrlSettings rrl,
    CookieSettings cookies) {
  public static final int DEFAULT_EDNS_PAYLOAD = 1232;
  /** RFC 6891 §6.2.5: values below 512 are treated as 512. */
  public static final int MIN_EDNS_PAYLOAD = 512;
  public static final int MAX_EDNS_PAYLOAD = 65535;
  /** Keeps NSID-bearing responses close in size to the cached ones; RFC 5001 sets no limit. */
  public static final int MAX_NSID_LENGTH = 128;
  /** A TXT character-string holds at most 255 octets (RFC 1035 §3.3). */
  public static final int MAX_TEXT_LENGTH = 255;

  public QuerySettings {
    if (ednsPayload < MIN_EDNS_PAYLOAD || ednsPayload > MAX_EDNS_PAYLOAD) {
      throw new IllegalArgumentException(
          "EDNS payload must be " + MIN_EDNS_PAYLOAD + ".." + MAX_EDNS_PAYLOAD + ", got " + ednsPayload);
    }
    if (nsid != null && (nsid.length == 0 || nsid.length > MAX_NSID_LENGTH)) {
      throw new IllegalArgumentException("NSID must be 1.." + MAX_NSID_LENGTH + " bytes, got " + nsid.length);
    }
    checkText("version", version);
    checkText("identity", identity);
    if (cacheMaxEntries < 0) {
      throw new IllegalArgumentException("cache size must be >= 0, got " + cacheMaxEntries);
    }
    nsid = nsid == null ? null : nsid.clone();
    cookies = cookies == null ? CookieSettings.defaults() : cookies;
  }

  /** Without flood defence settings: RRL off, cookies on with a random secret. */
  public QuerySettings(int ednsPayload, byte[] nsid, String version, String identity, long cacheMaxEntries) {
    this(ednsPayload, nsid, version, identity, cacheMaxEntries, null, CookieSettings.defaults());
  }

  private static void checkText(String what, String value) {
    if (value != null && value.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(what + " must be at most " + MAX_TEXT_LENGTH + " bytes, got \"" + value + "\"");
    }
  }

  public static QuerySettings defaults() {
    return new QuerySettings(DEFAULT_EDNS_PAYLOAD, null, "Tandem DNS", null, 100_000);
  }

  /** Compares the NSID by content (records compare arrays by identity). */
  @Override
  public boolean equals(Object o) {
    return o instanceof QuerySettings s
        && ednsPayload == s.ednsPayload
        && java.util.Arrays.equals(nsid, s.nsid)
        && java.util.Objects.equals(version, s.version)
        && java.util.Objects.equals(identity, s.identity)
        && cacheMaxEntries == s.cacheMaxEntries
        && java.util.Objects.equals(rrl, s.rrl)
        && cookies.equals(s.cookies);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        ednsPayload, java.util.Arrays.hashCode(nsid), version, identity, cacheMaxEntries, rrl, cookies);
  }

  @Override
  public String toString() {
    return "QuerySettings[ednsPayload=" + ednsPayload
        + ", nsid=" + (nsid == null ? "null" : java.util.HexFormat.of().formatHex(nsid))
        + ", version=" + version + ", identity=" + identity + ", cacheMaxEntries=" + cacheMaxEntries
        + ", rrl=" + rrl + ", cookies=" + cookies + "]";
  }

  /** Returns a copy: the record must stay immutable. */
  @Override
  public byte[] nsid() {
    return nsid == null ? null : nsid.clone();
  }

  public QuerySettings withNsid(byte[] value) {
    return new QuerySettings(ednsPayload, value, version, identity, cacheMaxEntries, rrl, cookies);
  }

  public QuerySettings withVersion(String value) {
    return new QuerySettings(ednsPayload, nsid, value, identity, cacheMaxEntries, rrl, cookies);
  }

  public QuerySettings withIdentity(String value) {
    return new QuerySettings(ednsPayload, nsid, version, value, cacheMaxEntries, rrl, cookies);
  }

  public QuerySettings withEdnsPayload(int value) {
    return new QuerySettings(value, nsid, version, identity, cacheMaxEntries, rrl, cookies);
  }

  public QuerySettings withCacheMaxEntries(long value) {
    return new QuerySettings(ednsPayload, nsid, version, identity, value, rrl, cookies);
  }

  /** Response rate limiting on (settings) or off (null). */
  public QuerySettings withRrl(RrlSettings value) {
    return new QuerySettings(ednsPayload, nsid, version, identity, cacheMaxEntries, value, cookies);
  }

  public QuerySettings withCookies(CookieSettings value) {
    return new QuerySettings(ednsPayload, nsid, version, identity, cacheMaxEntries, rrl, value);
  }
}
