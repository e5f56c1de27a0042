package io.tandemdns.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.tandemdns.lookup.Answer;
import io.tandemdns.lookup.Lookup;
import io.tandemdns.server.query.QueryProcessor;
import io.tandemdns.server.query.QuerySettings;
import io.tandemdns.server.query.Transport;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * The query hot path, bytes in → bytes out, per answer kind: {@code cacheHit} through the response
 * cache (what a steady-state server does for repeated questions), {@code cacheMiss} with the cache
 * disabled (cacheMaxEntries 0: decode + lookup + encode every time), and {@code lookupOnly}
 * (Lookup.resolve without wire work), so the three tell where the time goes.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar QueryPathBenchmark} (small zone); on
 * the 1M-record zone: {@code ... QueryPathBenchmark -p zoneRecords=1000000 -jvmArgs -Xmx4g}.
 *
 * <p>Setup checks every kind's response (rcode, AA bit) once, so a benchmark that silently
 * measures an error path fails instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g", "-XX:+UseParallelGC"})
public class QueryPathBenchmark {
  static final String ORIGIN = "bench.example.";

  @Param({"HIT", "NXDOMAIN", "NODATA", "WILDCARD", "REFERRAL", "CNAME_CHAIN"})
  public AnswerKind kind;

  @Param({"200"})
  public int zoneRecords;

  private ZoneRegistry registry;
  private QueryProcessor cached;
  private QueryProcessor uncached;
  private ByteBuf query;
  private Name qname;
  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private InetSocketAddress client;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Zone zone = BenchZones.load(ORIGIN, zoneRecords);
    registry = ZoneRegistry.of(List.of(zone));
    cached = new QueryProcessor(() -> registry, QuerySettings.defaults());
    uncached = new QueryProcessor(() -> registry, QuerySettings.defaults().withCacheMaxEntries(0));
    query = Unpooled.wrappedBuffer(BenchZones.query(kind.qname(ORIGIN), kind.qtype, 4242));
    qname = Name.fromString(kind.qname(ORIGIN));
    client = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 5353);
    check(cached);
    check(uncached);
  }

  private void check(QueryProcessor p) throws IOException {
    ByteBuf out = p.process(query.duplicate(), client, Transport.UDP, alloc);
    try {
      byte[] bytes = new byte[out.readableBytes()];
      out.getBytes(out.readerIndex(), bytes);
      Message m = new Message(bytes);
      boolean aa = m.getHeader().getFlag(org.xbill.DNS.Flags.AA);
      if (m.getHeader().getID() != 4242 || m.getRcode() != kind.rcode || aa != kind.authoritative) {
        throw new IllegalStateException(kind + ": unexpected response\n" + m);
      }
    } finally {
      out.release();
    }
  }

  @Benchmark
  public int cacheHit() {
    ByteBuf out = cached.process(query.duplicate(), client, Transport.UDP, alloc);
    int n = out.readableBytes();
    out.release();
    return n;
  }

  @Benchmark
  public int cacheMiss() {
    ByteBuf out = uncached.process(query.duplicate(), client, Transport.UDP, alloc);
    int n = out.readableBytes();
    out.release();
    return n;
  }

  @Benchmark
  public Answer lookupOnly() {
    return Lookup.resolve(registry, qname, kind.qtype, true, false);
  }
}
