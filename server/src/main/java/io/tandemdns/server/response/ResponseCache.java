package io.tandemdns.server.response;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.concurrent.atomic.LongAdder;

/**
 * Encoded responses bounded by entry count (Caffeine: lock-free reads, W-TinyLFU eviction). A
 * new zone snapshot needs no flush: it comes in a new registry, whose generation is part of every
 * key; entries of the old one age out.
 */
public final class ResponseCache {
  private final Cache<ResponseKey, CachedResponse> cache;
  /** Admission on the second miss (see there); null with the cache off. */
  private final Doorkeeper doorkeeper;
  /** Counted in the eviction listener, so hits and misses pay nothing for it. */
  private final LongAdder evictions = new LongAdder();
  /** Per thread: is the cache paying for its lookups under this load? (See there.) */
  private final FastThreadLocal<CacheGate> gates = new FastThreadLocal<>() {
    @Override
    protected CacheGate initialValue() {
      return new CacheGate();
    }
  };

  /** @param maxEntries 0 disables the cache */
  public ResponseCache(long maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("cache size must be >= 0, got " + maxEntries);
    }
    // Eviction work runs on the calling thread, so the event loop never hands off to a pool.
    this.cache = maxEntries == 0 ? null : Caffeine.newBuilder()
        .maximumSize(maxEntries)
        .executor(Runnable::run)
        .evictionListener((ResponseKey k, CachedResponse v, RemovalCause cause) -> evictions.increment())
        .build();
    this.doorkeeper = maxEntries == 0 ? null : new Doorkeeper(maxEntries);
  }

  /**
   * Whether the current query should look in the cache: false with the cache off, and for most
   * queries while this thread's lookups rarely hit ({@link CacheGate}). When true, report a hit
   * with {@link #hit}.
   */
  public boolean consult() {
    return cache != null && gates.get().consult();
  }

  /** The lookup {@link #consult} allowed found its answer. */
  public void hit() {
    gates.get().hit();
  }

  public CachedResponse get(ResponseKey key) {
    return cache == null ? null : cache.getIfPresent(key);
  }

  /**
   * Offers an answer that just missed: kept if its key missed recently too ({@link Doorkeeper}),
   * so answers to questions asked only once never enter the cache.
   */
  public void put(ResponseKey key, CachedResponse response) {
    if (cache != null && doorkeeper.seenBefore(key.hashCode())) {
      cache.put(key, response);
    }
  }

  /** Drops every entry (not counted as evictions). */
  public void clear() {
    if (cache != null) {
      cache.invalidateAll();
    }
  }

  /** Entries evicted to keep the cache within its size. */
  public long evictions() {
    return evictions.sum();
  }

  /** Approximate entry count. */
  public long size() {
    return cache == null ? 0 : cache.estimatedSize();
  }
}
