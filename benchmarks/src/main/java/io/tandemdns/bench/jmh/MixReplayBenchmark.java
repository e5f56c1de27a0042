package io.tandemdns.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.tandemdns.bench.gen.QueryMix;
import io.tandemdns.bench.gen.ZoneGenerator;
import io.tandemdns.server.query.QueryProcessor;
import io.tandemdns.server.query.QuerySettings;
import io.tandemdns.server.query.Transport;
import io.tandemdns.zone.ZoneRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The load runner's query mix replayed through {@link QueryProcessor#process}, one query per
 * operation in file order, on the same generated zone: the server's user-space cost per answer
 * (decode, cache, lookup, encode) without sockets, dnsperf or the kernel. On the 1M-record zone
 * that cost is bound by memory (the node table and the records of ~410k distinct names), which
 * one query repeated ({@link QueryPathBenchmark}) keeps in the CPU cache and so cannot show.
 *
 * <p>{@code cacheSize} is the response cache's bound: 100000 is the server's default, 0 turns the
 * cache off. Run (about 3 minutes with the 1M zone):
 * {@code java -jar benchmarks/target/benchmarks.jar MixReplayBenchmark -jvmArgs -Xmx2g}; the
 * small zone: {@code ... MixReplayBenchmark -p zoneRecords=200 -p queries=20000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class MixReplayBenchmark {
  @Param({"1000000"})
  public int zoneRecords;

  /** Queries in the mix; the load runner writes 500000 for the large zone, 20000 for the small. */
  @Param({"500000"})
  public int queries;

  @Param({"100000", "0"})
  public long cacheSize;

  private QueryProcessor processor;
  private ByteBuf[] wire;
  private int next;
  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private InetSocketAddress client;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    String origin = zoneRecords >= 100_000 ? "large.example." : "small.example.";
    ZoneRegistry registry = ZoneRegistry.of(List.of(BenchZones.load(origin, zoneRecords)));
    processor = new QueryProcessor(() -> registry, QuerySettings.defaults().withCacheMaxEntries(cacheSize));
    client = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 5353);
    wire = readMix(origin);
    checkAnswers();
  }

  /**
   * Answers the whole mix once and fails on an unexpected rcode, so the benchmark cannot silently
   * measure an error path: the mix asks only for NOERROR and NXDOMAIN answers (about 15 %).
   */
  private void checkAnswers() {
    int nxdomain = 0;
    for (ByteBuf q : wire) {
      ByteBuf out = processor.process(q.duplicate(), client, Transport.UDP, alloc);
      int rcode = out.getUnsignedByte(out.readerIndex() + 3) & 0x0F;
      out.release();
      if (rcode == Rcode.NXDOMAIN) {
        nxdomain++;
      } else if (rcode != Rcode.NOERROR) {
        throw new IllegalStateException("unexpected " + Rcode.string(rcode) + " for query " + q);
      }
    }
    double share = (double) nxdomain / wire.length;
    if (share < 0.10 || share > 0.20) {
      throw new IllegalStateException("NXDOMAIN share " + share + ", the mix writes about 0.15");
    }
  }

  /** The mix as the load runner writes it (same seed: {@link ZoneGenerator#generate}), encoded once. */
  private ByteBuf[] readMix(String origin) throws IOException {
    Path file = Files.createTempFile("tandem-mix", ".queries");
    try {
      new QueryMix(ZoneGenerator.Shape.forRecords(origin, zoneRecords), BenchZones.SEED + 1).write(file, queries);
      List<String> lines = Files.readAllLines(file);
      ByteBuf[] out = new ByteBuf[lines.size()];
      for (int i = 0; i < out.length; i++) {
        String[] f = lines.get(i).split(" ");
        out[i] = Unpooled.wrappedBuffer(BenchZones.query(f[0], Type.value(f[1]), i & 0xFFFF));
      }
      return out;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Benchmark
  public int answer() {
    ByteBuf q = wire[next];
    next = next + 1 == wire.length ? 0 : next + 1;
    ByteBuf out = processor.process(q.duplicate(), client, Transport.UDP, alloc);
    int n = out.readableBytes();
    out.release();
    return n;
  }
}
