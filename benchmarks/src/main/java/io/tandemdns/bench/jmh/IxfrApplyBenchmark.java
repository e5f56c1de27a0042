package io.tandemdns.bench.jmh;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.diff.DiffApplier;
import io.tandemdns.zone.diff.DiffException;
import io.tandemdns.zone.diff.ZoneDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Applying one IXFR diff of 1 % of a 1M-record zone (5,000 hosts get a new A address: 5,000
 * deletions + 5,000 additions = 10,000 diff records, RFC 1995 §4) with DiffApplier: the work a
 * secondary does off the event loop before swapping in the new snapshot.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar IxfrApplyBenchmark} (setup generates
 * and loads the 1M-record zone, ~20 s); smaller: {@code -p zoneRecords=100000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+UseParallelGC"})
public class IxfrApplyBenchmark {
  @Param({"1000000"})
  public int zoneRecords;

  private Zone base;
  private List<ZoneDiff> chain;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    base = BenchZones.load("ixfr.example.", zoneRecords);
    int changes = zoneRecords / 100 / 2;
    List<Record> removed = new ArrayList<>();
    List<Record> added = new ArrayList<>();
    int i = 0;
    for (Record r : base.records()) {
      if (removed.size() == changes) {
        break;
      }
      // Every 7th A record, so the changes spread over the zone.
      if (r.getType() == Type.A && i++ % 7 == 0) {
        ARecord a = (ARecord) r;
        byte[] addr = a.getAddress().getAddress();
        addr[0] = (byte) 203; // 203.0.113.0/24 (RFC 5737 documentation range)
        addr[1] = 0;
        addr[2] = 113;
        removed.add(a);
        added.add(new ARecord(a.getName(), a.getDClass(), a.getTTL(), java.net.InetAddress.getByAddress(addr)));
      }
    }
    SOARecord old = base.soa();
    SOARecord next = new SOARecord(old.getName(), old.getDClass(), old.getTTL(), old.getHost(), old.getAdmin(),
        old.getSerial() + 1, old.getRefresh(), old.getRetry(), old.getExpire(), old.getMinimum());
    chain = List.of(new ZoneDiff(old, next, removed, added));
    Zone applied = DiffApplier.apply(base, chain);
    if (applied.serial() != old.getSerial() + 1 || applied.recordCount() != base.recordCount()) {
      throw new IllegalStateException("diff applied wrongly: " + applied);
    }
  }

  @Benchmark
  public Zone apply() throws DiffException {
    return DiffApplier.apply(base, chain);
  }
}
