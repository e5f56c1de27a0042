package io.tandemdns.server.rrl;

import java.util.List;

/**
 * Response rate limiting settings (the {@code rrl:} section), validated. The names and defaults
 * are BIND's: an operator who knows {@code rate-limit { responses-per-second 5; }} knows these.
 *
 * @param responsesPerSecond answers, NODATA and referrals per second per bucket; 0 = unlimited
 * @param nxdomainsPerSecond NXDOMAIN responses per second per bucket; 0 = unlimited
 * @param errorsPerSecond error responses (REFUSED, FORMERR, ...) per second per bucket; 0 = unlimited
 * @param windowSeconds a bucket holds at most one second of credit and at most this many seconds
 *     of debt, so a flooding prefix must slow down for up to this long before it is answered again
 * @param slip every Nth limited response is an empty TC=1 response instead of nothing; 0 = drop
 *     all, 1 = slip all
 * @param exempt client prefixes never limited
 * @param logOnly count and log, but send every response
 * @param ipv4PrefixLength clients in one IPv4 prefix of this length share buckets (default 24)
 * @param ipv6PrefixLength clients in one IPv6 prefix of this length share buckets (default 56)
 * @param tableSize the most buckets kept; the least recently used is replaced when full
 */
public record RrlSettings(
    int responsesPerSecond,
    int nxdomainsPerSecond,
    int errorsPerSecond,
    int windowSeconds,
    int slip,
    List<ClientPrefix> exempt,
    boolean logOnly,
    int ipv4PrefixLength,
    int ipv6PrefixLength,
    int tableSize) {
  public static final int MAX_RATE = 1_000_000;
  public static final int MAX_WINDOW = 3600;
  public static final int MAX_SLIP = 10;
  public static final int DEFAULT_WINDOW = 15;
  public static final int DEFAULT_SLIP = 2;
  public static final int DEFAULT_IPV4_PREFIX = 24;
  public static final int DEFAULT_IPV6_PREFIX = 56;
  public static final int DEFAULT_TABLE_SIZE = 100_000;
  public static final int MAX_TABLE_SIZE = 10_000_000;

  public RrlSettings {
    check("responses-per-second", responsesPerSecond, 0, MAX_RATE);
    check("nxdomains-per-second", nxdomainsPerSecond, 0, MAX_RATE);
    check("errors-per-second", errorsPerSecond, 0, MAX_RATE);
    check("window", windowSeconds, 1, MAX_WINDOW);
    check("slip", slip, 0, MAX_SLIP);
    check("ipv4-prefix", ipv4PrefixLength, 1, 32);
    check("ipv6-prefix", ipv6PrefixLength, 1, 128);
    check("table-size", tableSize, 1, MAX_TABLE_SIZE);
    exempt = List.copyOf(exempt);
  }

  /** BIND's defaults with one rate for every class. */
  public static RrlSettings of(int responsesPerSecond) {
    return new RrlSettings(responsesPerSecond, responsesPerSecond, responsesPerSecond, DEFAULT_WINDOW,
        DEFAULT_SLIP, List.of(), false, DEFAULT_IPV4_PREFIX, DEFAULT_IPV6_PREFIX, DEFAULT_TABLE_SIZE);
  }

  public RrlSettings withSlip(int value) {
    return new RrlSettings(responsesPerSecond, nxdomainsPerSecond, errorsPerSecond, windowSeconds, value, exempt,
        logOnly, ipv4PrefixLength, ipv6PrefixLength, tableSize);
  }

  public RrlSettings withWindow(int value) {
    return new RrlSettings(responsesPerSecond, nxdomainsPerSecond, errorsPerSecond, value, slip, exempt,
        logOnly, ipv4PrefixLength, ipv6PrefixLength, tableSize);
  }

  public RrlSettings withRates(int responses, int nxdomains, int errors) {
    return new RrlSettings(responses, nxdomains, errors, windowSeconds, slip, exempt,
        logOnly, ipv4PrefixLength, ipv6PrefixLength, tableSize);
  }

  public RrlSettings withExempt(List<ClientPrefix> value) {
    return new RrlSettings(responsesPerSecond, nxdomainsPerSecond, errorsPerSecond, windowSeconds, slip, value,
        logOnly, ipv4PrefixLength, ipv6PrefixLength, tableSize);
  }

  public RrlSettings withLogOnly(boolean value) {
    return new RrlSettings(responsesPerSecond, nxdomainsPerSecond, errorsPerSecond, windowSeconds, slip, exempt,
        value, ipv4PrefixLength, ipv6PrefixLength, tableSize);
  }

  public RrlSettings withPrefixLengths(int v4, int v6) {
    return new RrlSettings(responsesPerSecond, nxdomainsPerSecond, errorsPerSecond, windowSeconds, slip, exempt,
        logOnly, v4, v6, tableSize);
  }

  public RrlSettings withTableSize(int value) {
    return new RrlSettings(responsesPerSecond, nxdomainsPerSecond, errorsPerSecond, windowSeconds, slip, exempt,
        logOnly, ipv4PrefixLength, ipv6PrefixLength, value);
  }

  /** The per-second rate of a class (0 = unlimited). */
  public int rate(ResponseClass c) {
    return switch (c) {
      case ANSWER, REFERRAL, NODATA -> responsesPerSecond;
      case NXDOMAIN -> nxdomainsPerSecond;
      case ERROR -> errorsPerSecond;
    };
  }

  private static void check(String what, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", got " + value);
    }
  }
}
