package io.tandemdns.bench.gen;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a benchmark zone in RFC 1035 master-file format and a matching dnsperf query file.
 *
 * <p>Deterministic: the same seed and size give byte-identical files, so runs on different days
 * and different servers see the same data. Layout of a zone with origin {@code O}:
 *
 * <ul>
 *   <li>apex: SOA, 2 NS (in-zone, with A glue), MX, TXT;
 *   <li>hosts {@code <word>-<i>.O}: A always; AAAA when i is even; TXT when i % 5 == 0; MX
 *       (pointing at another host, so the answer carries additional-section addresses) when
 *       i % 10 == 0;
 *   <li>CNAMEs {@code c-<i>.O} to a host, and chains {@code cc-<i>.O → c-<j>.O → host};
 *   <li>delegations {@code d-<i>.O} with 2 in-bailiwick NS and their A glue (RFC 1034 §4.2.1);
 *   <li>a wildcard {@code *.wild.O} with A and TXT (RFC 4592);
 *   <li>filler TXT records to reach the exact record count asked for.
 * </ul>
 *
 * <p>The query mix ({@link QueryMix}) draws from the same index space, so "existing" queries
 * really exist and "NXDOMAIN" queries really do not.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tandemdns.bench.gen.ZoneGenerator
 * OUTDIR [seed]} writes small.example.zone/.queries and large.example.zone/.queries.
 */
public final class ZoneGenerator {
  static final String[] WORDS = {"www", "mail", "api", "db", "web", "cdn", "app", "vpn", "git", "ftp", "smtp", "imap"};
  static final int TTL = 3600;

  /** Records at the apex (SOA, NS, MX, TXT, NS glue) and the wildcard. */
  static final int APEX_AND_WILDCARD = 10;

  /** Records of hosts 0..hosts-1: A, AAAA for even i, TXT for i % 5 == 0, MX for i % 10 == 0. */
  static long hostRecords(int hosts) {
    return hosts + (hosts + 1) / 2 + (hosts + 4) / 5 + (hosts + 9) / 10;
  }

  /** Sizes of one generated zone: how many of each kind of name it has. */
  public record Shape(String origin, int records, int hosts, int cnames, int chains, int delegations) {
    /** The shape for a zone of about {@code records} records, in the fixed proportions above. */
    public static Shape forRecords(String origin, int records) {
      // Per host 1 + 1/2 + 1/5 + 1/10 = 1.8 records; a delegation is 4 records. Proportions:
      // ~90 % host records, 5 % CNAME, 1 % chains, ~4 % delegation records.
      int delegations = Math.max(4, records / 100);
      int cnames = Math.max(8, records / 20);
      int chains = Math.max(2, records / 100);
      int fixed = APEX_AND_WILDCARD + 4 * delegations + cnames + chains;
      int hosts = (int) ((records - fixed) / 1.8) + 2;
      while (hosts > 0 && fixed + hostRecords(hosts) > records) {
        hosts--;
      }
      if (hosts < 10) {
        throw new IllegalArgumentException("too few records for a zone: " + records);
      }
      return new Shape(origin, records, hosts, cnames, chains, delegations);
    }
  }

  private final Shape shape;
  private final long seed;
  private long written;

  public ZoneGenerator(Shape shape, long seed) {
    this.shape = shape;
    this.seed = seed;
  }

  /** The owner name of host {@code i} (relative). */
  public static String host(int i) {
    return WORDS[Math.floorMod(i * 7, WORDS.length)] + "-" + i;
  }

  /** Writes the zone file and returns the number of records written. */
  public long writeZone(Path file) throws IOException {
    written = 0;
    SplittableRandom rnd = new SplittableRandom(seed);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      String o = shape.origin();
      w.write("$ORIGIN " + o + "\n$TTL " + TTL + "\n");
      rr(w, "@", "SOA", "ns1." + o + " hostmaster." + o + " 2024010101 7200 3600 1209600 300");
      rr(w, "@", "NS", "ns1." + o);
      rr(w, "@", "NS", "ns2." + o);
      rr(w, "@", "MX", "10 " + host(0) + "." + o);
      rr(w, "@", "TXT", "\"v=spf1 mx -all\"");
      rr(w, "ns1", "A", "192.0.2.1");
      rr(w, "ns2", "A", "192.0.2.2");
      rr(w, "ns1", "AAAA", "2001:db8::1");
      rr(w, "*.wild", "A", "192.0.2.80");
      rr(w, "*.wild", "TXT", "\"wildcard\"");
      for (int i = 0; i < shape.delegations(); i++) {
        String d = "d-" + i;
        rr(w, d, "NS", "ns1." + d + "." + o);
        rr(w, d, "NS", "ns2." + d + "." + o);
        rr(w, "ns1." + d, "A", ipv4(rnd));
        rr(w, "ns2." + d, "A", ipv4(rnd));
      }
      for (int i = 0; i < shape.cnames(); i++) {
        rr(w, "c-" + i, "CNAME", host(rnd.nextInt(shape.hosts())) + "." + o);
      }
      for (int i = 0; i < shape.chains(); i++) {
        rr(w, "cc-" + i, "CNAME", "c-" + rnd.nextInt(shape.cnames()) + "." + o);
      }
      for (int i = 0; i < shape.hosts(); i++) {
        String h = host(i);
        rr(w, h, "A", ipv4(rnd));
        if (i % 2 == 0) {
          rr(w, h, "AAAA", String.format("2001:db8:%x:%x::%x", i >>> 16, i & 0xffff, rnd.nextInt(0xffff) + 1));
        }
        if (i % 5 == 0) {
          rr(w, h, "TXT", "\"id=" + Long.toHexString(rnd.nextLong()) + "\"");
        }
        if (i % 10 == 0) {
          rr(w, h, "MX", "10 " + host(rnd.nextInt(shape.hosts())) + "." + o);
        }
      }
      for (int i = 0; written < shape.records(); i++) {
        rr(w, "f-" + i, "TXT", "\"filler " + i + "\"");
      }
    }
    return written;
  }

  private void rr(BufferedWriter w, String owner, String type, String rdata) throws IOException {
    w.write(owner);
    w.write('\t');
    w.write(type);
    w.write('\t');
    w.write(rdata);
    w.write('\n');
    written++;
  }

  private static String ipv4(SplittableRandom rnd) {
    // 198.18.0.0/15 (RFC 2544 benchmarking range): never a real host.
    int v = rnd.nextInt(1 << 17);
    return "198." + (18 + (v >>> 16)) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
  }

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: ZoneGenerator OUTDIR [seed] [large-records]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 20240101L;
    int large = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    try {
      Files.createDirectories(dir);
      generate(dir, Shape.forRecords("small.example.", 200), seed, 20_000);
      generate(dir, Shape.forRecords("large.example.", large), seed, 500_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void generate(Path dir, Shape shape, long seed, int queries) throws IOException {
    String base = shape.origin().substring(0, shape.origin().length() - 1);
    ZoneGenerator g = new ZoneGenerator(shape, seed);
    long n = g.writeZone(dir.resolve(base + ".zone"));
    QueryMix.Counts c = new QueryMix(shape, seed + 1).write(dir.resolve(base + ".queries"), queries);
    System.out.printf("%s: %d records, %d hosts, %d CNAMEs, %d chains, %d delegations; %s%n",
        shape.origin(), n, shape.hosts(), shape.cnames(), shape.chains(), shape.delegations(), c);
  }
}
