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
 * <p>A Bloom filter of at least 8 bits per remembered key, with two bits per key in one 64-bit
 * word (a blocked Bloom filter: one memory access per key, like a one-hash filter), cleared after
 * {@code capacity} insertions. A false "seen before" admits an answer that is never read again,
 * at the cost of an insert and an eviction: with 100,000–120,000 keys in 2^20 bits (a full
 * 100,000-entry cache's filter) one bit per key let 10.4 % of new keys pass, two 4.0 %
 * ({@code DoorkeeperTest}). Event-loop threads share it without locks: a lost bit or a late
 * clear only changes what is admitted, never what is answered.
 */
final class Doorkeeper {
  private final long[] words;
  /** Shift that leaves as many top bits of a hash as index {@link #words}. */
  private final int wordShift;
  private final int capacity;
  private int inserted;

  /** Tiny caches still remember this many misses, so a repeat is not lost to an early clear. */
  private static final int MIN_CAPACITY = 1024;

  /** @param capacity how many distinct recent misses to remember (the cache size) */
  Doorkeeper(long capacity) {
    this.capacity = (int) Math.min(Math.max(capacity, MIN_CAPACITY), 1 << 27);
    int bits = Integer.highestOneBit(this.capacity * 8 - 1) << 1;
    this.words = new long[bits >>> 6];
    this.wordShift = 32 - Integer.numberOfTrailingZeros(words.length);
  }

  /** True when {@code hash} was seen since the last clear; records it otherwise. */
  boolean seenBefore(int hash) {
    int h = (hash ^ (hash >>> 16)) * 0x45d9f3b; // spread the key's hash over all bits
    h ^= h >>> 16;
    // The word from the top bits of a multiplicative hash, the two bits in it from h's low 12.
    int word = (h * 0x9E3779B9) >>> wordShift;
    long m = (1L << (h & 63)) | (1L << ((h >>> 6) & 63));
    long w = words[word];
    if ((w & m) == m) {
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
