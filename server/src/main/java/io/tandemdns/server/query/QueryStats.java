package io.tandemdns.server.query;

import io.tandemdns.server.metrics.Buckets;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Type;

/** Counters of the query pipeline, cheap to bump from many threads; read for metrics. */
public final class QueryStats {
  /** RCODEs 0..23 cover every assigned one except BADSIG-and-up TSIG codes that are ≥ 16 anyway. */
  private static final int RCODES = 24;

  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder[] byRcode = new LongAdder[RCODES];
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
  /** [transport][qtype index, 0 = other]: queries answered (issue 6 metrics). */
  private final LongAdder[][] byTransportQtype = new LongAdder[Transport.values().length][LABELLED_QTYPES.length + 1];
  /** Response sizes in bytes and processing time in microseconds, per transport. */
  private final Buckets[] sizes = new Buckets[Transport.values().length];
  private final Buckets[] micros = new Buckets[Transport.values().length];

  QueryStats() {
    for (int i = 0; i < RCODES; i++) {
      byRcode[i] = new LongAdder();
    }
    for (int t = 0; t < byTransportQtype.length; t++) {
      for (int i = 0; i < byTransportQtype[t].length; i++) {
        byTransportQtype[t][i] = new LongAdder();
      }
      sizes[t] = new Buckets(64, 128, 256, 512, 768, 1024, 1232, 1500, 2048, 4096, 8192, 16384, 65535);
      micros[t] = new Buckets(10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 100_000, 1_000_000);
    }
  }

  void hit() {
    cacheHits.increment();
  }

  void miss() {
    cacheMisses.increment();
  }

  void drop() {
    dropped.increment();
  }

  void answered(int rcode) {
    if (rcode >= 0 && rcode < RCODES) {
      byRcode[rcode].increment();
    }
  }

  /** One answered query: lock-free adds only (the query path must not wait). */
  void observe(Transport transport, int qtype, int responseBytes, long nanos) {
    int t = transport.ordinal();
    byTransportQtype[t][QTYPE_INDEX[qtype & 0xFFFF]].increment();
    sizes[t].observe(responseBytes);
    micros[t].observe(nanos / 1_000);
  }

  /** Queries answered over {@code transport} with LABELLED_QTYPES[index - 1] (index 0: any other type). */
  public long queries(Transport transport, int qtypeIndex) {
    return byTransportQtype[transport.ordinal()][qtypeIndex].sum();
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
    return cacheHits.sum();
  }

  public long cacheMisses() {
    return cacheMisses.sum();
  }

  /** Messages not answered: shorter than a header, or responses (QR=1). */
  public long dropped() {
    return dropped.sum();
  }

  /** Responses sent with this (possibly extended) RCODE. */
  public long responses(int rcode) {
    return rcode >= 0 && rcode < RCODES ? byRcode[rcode].sum() : 0;
  }
}
