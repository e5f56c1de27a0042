package io.tandemdns.server.query;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the query pipeline, cheap to bump from many threads; read for metrics. */
public final class QueryStats {
  /** RCODEs 0..23 cover every assigned one except BADSIG-and-up TSIG codes that are ≥ 16 anyway. */
  private static final int RCODES = 24;

  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder[] byRcode = new LongAdder[RCODES];

  QueryStats() {
    for (int i = 0; i < RCODES; i++) {
      byRcode[i] = new LongAdder();
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
