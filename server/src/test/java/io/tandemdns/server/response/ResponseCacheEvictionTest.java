package io.tandemdns.server.response;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The size bound holds and every eviction is counted (exported as tandem_cache_evictions). */
class ResponseCacheEvictionTest {
  @Test
  void evictionsAreCountedWhenTheBoundIsExceeded() {
    ResponseCache cache = new ResponseCache(10);
    for (int i = 0; i < 200; i++) {
      byte[] name = {(byte) 3, (byte) 'a', (byte) (i >> 8), (byte) i, 0};
      ResponseKey key = new ResponseKey(1, name, 1, 1, 0, 512);
      cache.put(key, new CachedResponse(new byte[12], 0, -1)); // remembered only (Doorkeeper)
      cache.put(key, new CachedResponse(new byte[12], 0, -1));
    }
    // Caffeine settles its bound on the calling thread (executor Runnable::run) during writes.
    assertThat(cache.size()).isLessThanOrEqualTo(10);
    assertThat(cache.evictions()).isEqualTo(200 - cache.size());
  }

  @Test
  void disabledCacheEvictsNothing() {
    ResponseCache cache = new ResponseCache(0);
    cache.put(new ResponseKey(1, new byte[] {0}, 1, 1, 0, 512), new CachedResponse(new byte[12], 0, -1));
    assertThat(cache.evictions()).isZero();
    assertThat(cache.get(new ResponseKey(1, new byte[] {0}, 1, 1, 0, 512))).isNull();
  }
}
