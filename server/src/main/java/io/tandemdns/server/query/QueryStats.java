package io.tandemdns.server.query;

import io.tandemdns.server.metrics.Buckets;
import io.tandemdns.server.metrics.ThreadCounters;
import org.xbill.DNS.Type;

/**
 * Counters of the query pipeline, bumped from many threads without atomics (one block of
 * {@link ThreadCounters} per event loop; an answer looks its block up at most three times); read
 * for metrics.
 */
public final class QueryStats {
  /** RCODEs 0..23 cover every assigned one except BADSIG-and-up TSIG codes that are ≥ 16 anyway. */
  private static final int RCODES = 24;
  /** Query types with their own metrics label; all others count as "other". */
  public static final int[] LABELLED_QTYPES = {Type.A, Type.NS, Type.CNAME, Type.SOA, Type.PTR, Type.MX,
      Type.TXT, Type.AAAA, Type.SRV, Type.NAPTR, Type.DS, Type.RRSIG, Type.NSEC, Type.DNSKEY, Type.NSEC3,
      Type.SVCB, Type.HTTPS, Type.CAA, Type.ANY, Type.AXFR, Type.IXFR};
  private static final byte[] QTYPE_INDEX = new byte[65536];
  static {
    for (int i = 0; i < LABELLED_QTYPES.length; i++) {
      QTYPE_INDEX[LABELLED_QTYPES[i]] = (byte) (i + 1);
    }
  }
  private static final long[] SIZE_BOUNDS = {64, 128, 256, 512, 768, 1024, 1232, 1500, 2048, 4096, 8192, 16384, 65535};
  private static final long[] MICROS_BOUNDS =
      {10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 100_000, 1_000_000};
  private static final int TRANSPORTS = Transport.values().length;

  // Counter indexes in each thread's block.
  private static final int HITS = 0;
  private static final int MISSES = 1;
  private static final int DROPPED = 2;
  private static final int RCODE = 3;
  /** [transport][qtype index, 0 = other]: queries answered (issue 6 metrics). */
  private static final int QTYPE = RCODE + RCODES;
  private static final int QTYPE_SLOTS = LABELLED_QTYPES.length + 1;
  private static final int SIZES = QTYPE + TRANSPORTS * QTYPE_SLOTS;
  private static final int MICROS = SIZES + TRANSPORTS * Buckets.slots(SIZE_BOUNDS);
  private static final int COUNTERS = MICROS + TRANSPORTS * Buckets.slots(MICROS_BOUNDS);

  private final ThreadCounters counters = new ThreadCounters(COUNTERS);
  /** Response sizes in bytes and processing time in microseconds, per transport. */
  private final Buckets[] sizes = new Buckets[TRANSPORTS];
  private final Buckets[] micros = new Buckets[TRANSPORTS];

  QueryStats() {
    for (int t = 0; t < TRANSPORTS; t++) {
      sizes[t] = new Buckets(counters, SIZES + t * Buckets.slots(SIZE_BOUNDS), SIZE_BOUNDS);
      micros[t] = new Buckets(counters, MICROS + t * Buckets.slots(MICROS_BOUNDS), MICROS_BOUNDS);
    }
  }

  void hit() {
    ThreadCounters.add(counters.block(), HITS, 1);
  }

  void miss() {
    ThreadCounters.add(counters.block(), MISSES, 1);
  }

  void drop() {
    ThreadCounters.add(counters.block(), DROPPED, 1);
  }

  void answered(int rcode) {
    if (rcode >= 0 && rcode < RCODES) {
      ThreadCounters.add(counters.block(), RCODE + rcode, 1);
    }
  }

  /** One answered query: plain adds to this thread's counters (the query path must not wait). */
  void observe(Transport transport, int qtype, int responseBytes, long nanos) {
    int t = transport.ordinal();
    long[] block = counters.block();
    ThreadCounters.add(block, QTYPE + t * QTYPE_SLOTS + QTYPE_INDEX[qtype & 0xFFFF], 1);
    sizes[t].observe(block, responseBytes);
    micros[t].observe(block, nanos / 1_000);
  }

  /** Queries answered over {@code transport} with LABELLED_QTYPES[index - 1] (index 0: any other type). */
  public long queries(Transport transport, int qtypeIndex) {
    return counters.sum(QTYPE + transport.ordinal() * QTYPE_SLOTS + qtypeIndex);
  }

  /** Response sizes in bytes. */
  public Buckets responseSizes(Transport transport) {
    return sizes[transport.ordinal()];
  }

  /** Time from receiving the bytes to having the response, in microseconds. */
  public Buckets processingMicros(Transport transport) {
    return micros[transport.ordinal()];
  }

  public long cacheHits() {
    return counters.sum(HITS);
  }

  public long cacheMisses() {
    return counters.sum(MISSES);
  }

  /** Messages not answered: shorter than a header, or responses (QR=1). */
  public long dropped() {
    return counters.sum(DROPPED);
  }

  /** Responses sent with this (possibly extended) RCODE. */
  public long responses(int rcode) {
    return rcode >= 0 && rcode < RCODES ? counters.sum(RCODE + rcode) : 0;
  }
}
