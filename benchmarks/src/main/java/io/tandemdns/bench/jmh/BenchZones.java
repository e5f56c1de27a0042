package io.tandemdns.bench.jmh;

import io.tandemdns.bench.gen.ZoneGenerator;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.load.ZoneFileLoader;
import io.tandemdns.zone.load.ZoneLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.DClass;
import org.xbill.DNS.TextParseException;

/** Generated zones for the microbenchmarks: the same generator and seed as the load runner. */
final class BenchZones {
  static final long SEED = 20240101L;

  private BenchZones() {}

  /** Generates a zone of {@code records} records with origin {@code origin} and loads it. */
  static Zone load(String origin, int records) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("tandem-jmh");
      ZoneGenerator.Shape shape = ZoneGenerator.Shape.forRecords(origin, records);
      Path file = dir.resolve("zone");
      new ZoneGenerator(shape, SEED).writeZone(file);
      return ZoneFileLoader.load(file, Name.fromString(origin));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ZoneLoadException e) {
      throw new IllegalStateException("generated zone does not load: " + e.getMessage(), e);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** A query as dnsperf sends it: RD=1, no EDNS. */
  static byte[] query(String qname, int qtype, int id) {
    try {
      Message m = Message.newQuery(Record.newRecord(Name.fromString(qname), qtype, DClass.IN));
      m.getHeader().setID(id);
      return m.toWire();
    } catch (TextParseException e) {
      throw new IllegalArgumentException(qname, e);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
