package io.tandemdns.server.response;

/**
 * Decides, for one event-loop thread, whether the response cache is worth asking for the next
 * query.
 *
 * <p>Why: a lookup that misses is not free. It copies and lower-cases the qname, hashes it, probes
 * Caffeine's table (on a 100,000-entry cache a cache-line miss, often two) and consults the
 * {@link Doorkeeper}; the answer is then built anyway. Under a load whose questions rarely repeat
 * (a uniformly queried 1M-record zone, a random-subdomain flood) nearly every lookup misses: on
 * the 1M-record benchmark the cache took ~11 % of the server's user CPU (perf, 2026-12-04:
 * {@code getIfPresent} alone 3.5 % of all samples) for hits on ~5 % of the queries. With this
 * gate, user CPU per answer there fell 6–9 % (two builds serving 50k qps each at the same time,
 * six 10 s slices per order: 4.05 and 4.09 against 4.45 and 4.36 us); on the small zone it is
 * unchanged (2.21 against 2.20 us).
 *
 * <p>So each thread counts its lookups and hits per window of {@link #WINDOW} lookups. When fewer
 * than one in {@link #MIN_HIT_SHARE} hit, it asks the cache for only every {@link #SAMPLE}th query
 * until a window of those samples hits often enough again. Sampled queries still fill the cache,
 * so a hot set is kept, and a load that turns cacheable is noticed within WINDOW × SAMPLE queries
 * (65,536: well under a second at the rates where this matters). A hit saves the lookup and the
 * encoding, roughly 1.9 us on that zone (MixReplayBenchmark with the cache off, less a hit's own
 * cost) against roughly 0.35 us that a miss adds (the perf share above), so below about one hit
 * in five or six the cache costs more than it saves; the threshold of one in eight errs towards
 * keeping the cache; above it, and on any zone whose answers repeat (the small benchmark
 * zone hits ~99 %), every query asks as before. What is answered never depends on the gate: a
 * skipped lookup only means the answer is built from the zone.
 *
 * <p>One per thread, with plain fields, so the counting touches no shared cache line.
 */
public final class CacheGate {
  /** Lookups per decision. */
  public static final int WINDOW = 4096;
  /** While the cache is not paying, one query in this many still asks it. */
  public static final int SAMPLE = 16;
  /** The cache pays while at least one lookup in this many hits. */
  public static final int MIN_HIT_SHARE = 8;

  private int lookups;
  private int hits;
  private boolean sparse;
  private int skipped;

  /** True when this query should look in the cache (and offer its answer to it on a miss). */
  boolean consult() {
    if (sparse && ++skipped < SAMPLE) {
      return false;
    }
    skipped = 0;
    if (lookups == WINDOW) {
      sparse = hits * MIN_HIT_SHARE < lookups;
      lookups = 0;
      hits = 0;
    }
    lookups++;
    return true;
  }

  /** The lookup {@link #consult} allowed found an answer. */
  void hit() {
    hits++;
  }

  /** For tests and diagnostics: whether the thread is only sampling the cache. */
  boolean sparse() {
    return sparse;
  }
}
