package io.tandemdns.server.response;

import java.util.Arrays;

/**
 * Remembers which response keys missed recently, so the cache takes an answer on its second
 * miss, not its first (the "doorkeeper" of TinyLFU, Einziger and Friedman 2015).
 *
 * <p>Why: a question asked once is the common case under a spread-out load (a large zone, a
 * random-subdomain flood), and putting its answer in the cache costs an insert plus an eviction
 * each time for an entry that is never read. Profiles of the 1M-record benchmark showed that as a
 * quarter of the server's Java time. A question asked again within about {@code capacity} other
 * misses is admitted as before, so a skewed real-world load still gets its hits.
 *
 * <p>A one-hash Bloom filter of 8 bits per remembered key, cleared after {@code capacity}
 * insertions (at most ~12 % false "seen before"). Event-loop threads share it without locks: a
 * lost bit or a late clear only changes what is admitted, never what is answered.
 */
final class Doorkeeper {
  private final long[] words;
  private final int mask;
  private final int capacity;
  private int inserted;

  /** Tiny caches still remember this many misses, so a repeat is not lost to an early clear. */
  private static final int MIN_CAPACITY = 1024;

  /** @param capacity how many distinct recent misses to remember (the cache size) */
  Doorkeeper(long capacity) {
    this.capacity = (int) Math.min(Math.max(capacity, MIN_CAPACITY), 1 << 27);
    int bits = Integer.highestOneBit(this.capacity * 8 - 1) << 1;
    this.words = new long[bits >>> 6];
    this.mask = bits - 1;
  }

  /** True when {@code hash} was seen since the last clear; records it otherwise. */
  boolean seenBefore(int hash) {
    int h = (hash ^ (hash >>> 16)) * 0x45d9f3b; // spread the key's hash over all bits
    h ^= h >>> 16;
    int bit = h & mask;
    int word = bit >>> 6;
    long m = 1L << (bit & 63);
    long w = words[word];
    if ((w & m) != 0) {
      return true;
    }
    words[word] = w | m;
    if (++inserted >= capacity) {
      Arrays.fill(words, 0);
      inserted = 0;
    }
    return false;
  }
}
