package io.tandemdns.server.rrl;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Response rate limiting (RRL) with BIND/Knot semantics: one token bucket per (client prefix,
 * response class, name).
 *
 * <p>Bucket arithmetic (BIND ARM "Response Rate Limiting"): a bucket earns {@code rate} tokens per
 * second, continuously, and each response costs one. Its balance never exceeds one second of credit
 * ({@code rate}) and never falls below {@code window} seconds of debt ({@code -window × rate}), so a
 * prefix that floods must go quiet (or slow below the rate) for up to {@code window} seconds before
 * it is answered again. A response is limited when the balance is negative after paying for it.
 * Balances are kept in token-nanoseconds (tokens × 10⁹) so the arithmetic is exact in integers.
 *
 * <p>Memory: a fixed table of {@code table-size} buckets in parallel primitive arrays, allocated once
 * (about 32 bytes a bucket), organised as 4-way sets; a new bucket replaces the least recently used
 * one of its set. Hot path: one lock per set stripe (uncontended {@code synchronized} is a CAS), no
 * allocation except the 4- or 16-byte address copy {@link InetAddress#getAddress()} makes.
 *
 * <p>Time comes from an injected nanosecond ticker, so tests never sleep.
 */
public final class RateLimiter {
  private static final Logger LOG = LogManager.getLogger(RateLimiter.class);
  private static final long NANOS = 1_000_000_000L;
  private static final int WAYS = 4;
  private static final int MAX_STRIPES = 4096;
  private static final int LOG_SLOTS = 4096;
  /** Key 0 marks a free slot; a real key that mixes to 0 is nudged to 1. */
  private static final long FREE = 0;

  private final RrlSettings settings;
  private final LongSupplier ticker;
  private final long logIntervalNanos;
  private final List<ClientPrefix> exempt;
  private final int v4Bits;
  private final int v6Bits;
  private final long[] rateOf = new long[ResponseClass.values().length];

  private final int setMask;
  private final long[] keys;
  private final long[] balance;
  private final long[] stamp;
  private final int[] slips;
  private final Object[] locks;
  private final int stripeMask;

  /** Per-prefix log throttle: pairs (prefix key, next allowed nanos) in a direct-mapped table. */
  private final AtomicLongArray logTable = new AtomicLongArray(LOG_SLOTS * 2);
  private final RrlStats stats;

  /** A limiter on the system clock that logs each limited prefix at most once a minute. */
  public RateLimiter(RrlSettings settings) {
    this(settings, new RrlStats());
  }

  /** The same, counting into {@code stats}: a limiter replaced on reload keeps the counters going. */
  public RateLimiter(RrlSettings settings, RrlStats stats) {
    this(settings, System::nanoTime, TimeUnit.SECONDS.toNanos(60), stats);
  }

  /**
   * @param ticker monotonic nanoseconds (System::nanoTime, or a test clock)
   * @param logIntervalNanos at most one log line per prefix per this interval
   */
  public RateLimiter(RrlSettings settings, LongSupplier ticker, long logIntervalNanos) {
    this(settings, ticker, logIntervalNanos, new RrlStats());
  }

  private RateLimiter(RrlSettings settings, LongSupplier ticker, long logIntervalNanos, RrlStats stats) {
    this.stats = stats;
    this.settings = settings;
    this.ticker = ticker;
    this.logIntervalNanos = logIntervalNanos;
    this.exempt = settings.exempt();
    this.v4Bits = settings.ipv4PrefixLength();
    this.v6Bits = settings.ipv6PrefixLength();
    for (ResponseClass c : ResponseClass.values()) {
      rateOf[c.ordinal()] = settings.rate(c);
    }
    int sets = Integer.highestOneBit(Math.max(1, (settings.tableSize() + WAYS - 1) / WAYS));
    if (sets * WAYS < settings.tableSize()) {
      sets <<= 1;
    }
    this.setMask = sets - 1;
    int slots = sets * WAYS;
    this.keys = new long[slots];
    this.balance = new long[slots];
    this.stamp = new long[slots];
    this.slips = new int[slots];
    int stripes = Math.min(sets, MAX_STRIPES);
    this.locks = new Object[stripes];
    for (int i = 0; i < stripes; i++) {
      locks[i] = new Object();
    }
    this.stripeMask = stripes - 1;
  }

  public RrlSettings settings() {
    return settings;
  }

  public RrlStats stats() {
    return stats;
  }

  /** Buckets the table can hold (table-size rounded up to a power of two times 4). */
  public int capacity() {
    return keys.length;
  }

  /**
   * Accounts one UDP response and decides its fate.
   *
   * @param client the client address
   * @param cls the response class
   * @param nameHash a hash of the bucket's name (qname, wildcard owner, zone, delegation); ignored for
   *     {@link ResponseClass#ERROR}
   */
  public Decision check(InetAddress client, ResponseClass cls, long nameHash) {
    long rate = rateOf[cls.ordinal()];
    if (rate == 0 || isExempt(client)) {
      return Decision.SEND;
    }
    long prefix = prefixKey(client.getAddress());
    long key = mix(prefix * 0x9E3779B97F4A7C15L + (cls == ResponseClass.ERROR ? 0 : nameHash) * 31 + cls.ordinal());
    if (key == FREE) {
      key = 1;
    }
    long now = ticker.getAsLong();
    boolean limited;
    Decision decision;
    int set = (int) (key >>> 20) & setMask;
    synchronized (locks[set & stripeMask]) {
      int slot = find(set, key, now, rate);
      long max = rate * NANOS;
      long elapsed = now - stamp[slot];
      // Cap before multiplying: beyond window+1 s of idleness the bucket is full anyway, and the cap
      // keeps rate × elapsed inside a long (rate ≤ 10⁶, window ≤ 3600 s).
      long cap = (settings.windowSeconds() + 1L) * NANOS;
      if (elapsed > cap) {
        elapsed = cap;
      } else if (elapsed < 0) {
        elapsed = 0; // a ticker that stepped back: no credit
      }
      long b = Math.min(max, balance[slot] + rate * elapsed) - NANOS;
      long floor = -settings.windowSeconds() * max;
      if (b < floor) {
        b = floor;
      }
      balance[slot] = b;
      stamp[slot] = now;
      limited = b < 0;
      if (!limited) {
        decision = Decision.SEND;
      } else if (settings.slip() == 0) {
        decision = Decision.DROP;
      } else if (++slips[slot] >= settings.slip()) {
        slips[slot] = 0;
        decision = Decision.SLIP;
      } else {
        decision = Decision.DROP;
      }
    }
    if (!limited) {
      return Decision.SEND;
    }
    stats.limited();
    maybeLog(client, prefix, cls, now);
    if (settings.logOnly()) {
      return Decision.SEND;
    }
    if (decision == Decision.SLIP) {
      stats.slipped();
    } else {
      stats.dropped();
    }
    return decision;
  }

  /** The slot holding {@code key} in its set, or a freshly initialised one (free or least recently used). */
  private int find(int set, long key, long now, long rate) {
    int base = set * WAYS;
    for (int i = base; i < base + WAYS; i++) {
      if (keys[i] == key) {
        return i;
      }
    }
    int victim = base;
    long oldestAge = Long.MIN_VALUE;
    for (int i = base; i < base + WAYS; i++) {
      if (keys[i] == FREE) {
        victim = i;
        break;
      }
      long age = now - stamp[i];
      if (age > oldestAge) {
        oldestAge = age;
        victim = i;
      }
    }
    if (keys[victim] != FREE) {
      stats.evicted();
    }
    keys[victim] = key;
    balance[victim] = rate * NANOS; // a new bucket starts with one second of credit
    stamp[victim] = now;
    slips[victim] = 0;
    return victim;
  }

  private boolean isExempt(InetAddress client) {
    for (int i = 0; i < exempt.size(); i++) {
      if (exempt.get(i).contains(client)) {
        return true;
      }
    }
    return false;
  }

  /** The masked network prefix as a 64-bit key (family-separated). */
  long prefixKey(byte[] a) {
    if (a.length == 4) {
      long v = ((a[0] & 0xFFL) << 24) | ((a[1] & 0xFFL) << 16) | ((a[2] & 0xFFL) << 8) | (a[3] & 0xFFL);
      v &= (0xFFFFFFFFL << (32 - v4Bits)) & 0xFFFFFFFFL;
      return v | (4L << 32);
    }
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (a[i] & 0xFF);
      lo = (lo << 8) | (a[i + 8] & 0xFF);
    }
    if (v6Bits <= 64) {
      hi &= v6Bits == 64 ? -1L : ~(-1L >>> v6Bits);
      lo = 0;
    } else {
      lo &= v6Bits == 128 ? -1L : ~(-1L >>> (v6Bits - 64));
    }
    return mix(hi ^ mix(lo ^ 6));
  }

  /** At most one line per prefix per interval; a slot taken by another recent prefix suppresses (never over-logs). */
  private void maybeLog(InetAddress client, long prefix, ResponseClass cls, long now) {
    int slot = (int) (mix(prefix) & (LOG_SLOTS - 1)) * 2;
    long owner = logTable.get(slot);
    long next = logTable.get(slot + 1);
    boolean quiet = owner == 0 || now - next >= 0;
    if (!quiet) {
      return;
    }
    synchronized (logTable) {
      owner = logTable.get(slot);
      next = logTable.get(slot + 1);
      if (owner != 0 && now - next < 0) {
        return;
      }
      logTable.set(slot, prefix == 0 ? 1 : prefix);
      logTable.set(slot + 1, now + logIntervalNanos);
    }
    stats.logged();
    if (!LOG.isInfoEnabled()) {
      return;
    }
    int bits = client.getAddress().length == 4 ? v4Bits : v6Bits;
    LOG.info("rate limiting {} responses to {}/{}{} (totals: {})", cls.name().toLowerCase(java.util.Locale.ROOT),
        io.netty.util.NetUtil.toAddressString(maskedAddress(client, bits)), bits,
        settings.logOnly() ? " (log-only: still answered)" : "", stats);
  }

  private static InetAddress maskedAddress(InetAddress client, int bits) {
    try {
      return InetAddress.getByAddress(ClientPrefix.mask(client.getAddress(), bits));
    } catch (java.net.UnknownHostException e) {
      return client;
    }
  }

  /** Stafford variant 13 of the MurmurHash3 finaliser: every input bit affects every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** FNV-1a over lower-cased uncompressed wire-format name bytes, then mixed. */
  public static long nameHash(byte[] lowerWireName) {
    long h = 0xCBF29CE484222325L;
    for (byte b : lowerWireName) {
      h ^= b & 0xFF;
      h *= 0x100000001B3L;
    }
    return mix(h);
  }
}
