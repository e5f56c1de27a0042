package io.tandemdns.bench.jmh;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneBuilder;
import io.tandemdns.zone.load.ZoneFileLoader;
import io.tandemdns.zone.load.ZoneLoadException;
import io.tandemdns.bench.gen.ZoneGenerator;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Zone build cost per 100,000 records: {@code build} is ZoneBuilder over already-parsed records
 * (what an AXFR-in or IXFR apply pays), {@code loadFile} parses the master file too (what a
 * reload pays).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ZoneBuildBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class ZoneBuildBenchmark {
  static final String ORIGIN = "build.example.";
  static final int RECORDS = 100_000;

  private List<Record> records;
  private Name origin;
  private Path dir;
  private Path file;

  @Setup(Level.Trial)
  public void setUp() throws IOException, ZoneLoadException {
    dir = Files.createTempDirectory("tandem-jmh-build");
    file = dir.resolve("zone");
    new ZoneGenerator(ZoneGenerator.Shape.forRecords(ORIGIN, RECORDS), BenchZones.SEED).writeZone(file);
    origin = Name.fromString(ORIGIN);
    records = List.copyOf(ZoneFileLoader.load(file, origin).records());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public Zone build() {
    return new ZoneBuilder(origin).addAll(records).build();
  }

  @Benchmark
  public Zone loadFile() throws ZoneLoadException {
    return ZoneFileLoader.load(file, origin);
  }
}
