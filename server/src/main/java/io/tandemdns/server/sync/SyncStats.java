package io.tandemdns.server.sync;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of zone sync read by the metrics at scrape time (issue 6): outgoing transfers by
 * result with their total duration (a Prometheus summary's count and sum), NOTIFYs received by
 * verdict. LongAdders: cheap to bump from event loops and transfer threads.
 */
public final class SyncStats {
  final LongAdder transfersOutOk = new LongAdder();
  final LongAdder transfersOutFailed = new LongAdder();
  final LongAdder transfersOutRefused = new LongAdder();
  final LongAdder transfersOutMicros = new LongAdder();
  final LongAdder notifyAccepted = new LongAdder();
  final LongAdder notifyRefused = new LongAdder();
  final LongAdder notifyNotauth = new LongAdder();

  void transferOut(boolean ok, long nanos) {
    (ok ? transfersOutOk : transfersOutFailed).increment();
    transfersOutMicros.add(nanos / 1_000);
  }

  public long transfersOutOk() {
    return transfersOutOk.sum();
  }

  public long transfersOutFailed() {
    return transfersOutFailed.sum();
  }

  /** Requests refused by allow-transfer or TSIG (NOTAUTH), or AXFR over UDP. */
  public long transfersOutRefused() {
    return transfersOutRefused.sum();
  }

  /** Total time of the finished outgoing transfers (ok and failed), seconds. */
  public double transfersOutSeconds() {
    return transfersOutMicros.sum() / 1e6;
  }

  public long notifyAccepted() {
    return notifyAccepted.sum();
  }

  public long notifyRefused() {
    return notifyRefused.sum();
  }

  public long notifyNotauth() {
    return notifyNotauth.sum();
  }
}
