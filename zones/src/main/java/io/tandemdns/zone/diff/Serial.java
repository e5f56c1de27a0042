package io.tandemdns.zone.diff;

/**
 * SOA serial arithmetic per RFC 1982 (SERIAL_BITS = 32), as required for SOA serials by RFC 1034
 * §4.3.5 and RFC 1995/1996.
 *
 * <p>dnsjava's {@code org.xbill.DNS.Serial.compare} returns a negative number for <em>both</em>
 * orders when the two serials are exactly 2^31 apart (RFC 1982 §3.2 leaves that case undefined),
 * so "compare(a, b) &lt; 0" is not the same as "b is newer". This helper makes the undefined case
 * explicit: such a pair is neither newer nor older, and a secondary never treats it as an
 * update (the same conservative choice BIND and Knot make).
 */
public final class Serial {
  /** 2^32: serials live in [0, 2^32). */
  public static final long MODULUS = 1L << 32;

  private static final long HALF = 1L << 31;

  private Serial() {}

  /** The relation of two serials per RFC 1982 §3.2. */
  public enum Order {
    EQUAL,
    NEWER,
    OLDER,
    /** Exactly 2^31 apart: RFC 1982 §3.2 leaves the comparison undefined. */
    UNDEFINED
  }

  /** How {@code a} relates to {@code b}: NEWER means a is greater than b per RFC 1982. */
  public static Order order(long a, long b) {
    check(a);
    check(b);
    if (a == b) {
      return Order.EQUAL;
    }
    long forward = (a - b) & (MODULUS - 1); // distance from b up to a, modulo 2^32
    if (forward == HALF) {
      return Order.UNDEFINED;
    }
    return forward < HALF ? Order.NEWER : Order.OLDER;
  }

  /** True only when {@code candidate} is strictly greater than {@code current} (RFC 1982 §3.2). */
  public static boolean isNewer(long candidate, long current) {
    return order(candidate, current) == Order.NEWER;
  }

  /**
   * Adds {@code n} (0 ≤ n ≤ 2^31 − 1, RFC 1982 §3.1) with wraparound. Unlike dnsjava's
   * increment this may yield 0: zero is a valid serial in RFC 1982 arithmetic.
   */
  public static long add(long serial, long n) {
    check(serial);
    if (n < 0 || n >= HALF) {
      throw new IllegalArgumentException("serial addend out of range [0, 2^31-1]: " + n);
    }
    return (serial + n) & (MODULUS - 1);
  }

  /** Rejects values that do not fit the 32-bit unsigned SOA serial field (RFC 1035 §3.3.13). */
  public static long check(long serial) {
    if (serial < 0 || serial >= MODULUS) {
      throw new IllegalArgumentException("serial out of range [0, 2^32): " + serial);
    }
    return serial;
  }
}
