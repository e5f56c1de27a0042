package io.tandemdns.bench.gen;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A dnsperf query file ("qname qtype" per line) over a zone written by {@link ZoneGenerator}.
 *
 * <p>Mix, per query drawn: 70 % names that exist with a type they have, 15 % NXDOMAIN, 5 % NODATA,
 * 4 % wildcard, 4 % CNAME (a quarter of them two-step chains), 2 % referral.
 */
public final class QueryMix {
  /** How many queries of each kind were written. */
  public record Counts(long existing, long nxdomain, long nodata, long wildcard, long cname, long referral) {
    @Override
    public String toString() {
      long total = existing + nxdomain + nodata + wildcard + cname + referral;
      return String.format("%d queries: %d existing, %d NXDOMAIN, %d NODATA, %d wildcard, %d CNAME, %d referral",
          total, existing, nxdomain, nodata, wildcard, cname, referral);
    }
  }

  private final ZoneGenerator.Shape shape;
  private final SplittableRandom rnd;

  public QueryMix(ZoneGenerator.Shape shape, long seed) {
    this.shape = shape;
    this.rnd = new SplittableRandom(seed);
  }

  public Counts write(Path file, int queries) throws IOException {
    long existing = 0, nx = 0, nodata = 0, wild = 0, cname = 0, referral = 0;
    String o = shape.origin();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      for (int q = 0; q < queries; q++) {
        int roll = rnd.nextInt(100);
        String line;
        if (roll < 70) {
          line = existing(o);
          existing++;
        } else if (roll < 85) {
          // Two NXDOMAIN shapes: a missing child of the apex, and a name below an existing host
          // (closest encloser is the host, which has no wildcard child: RFC 4592 §4.1).
          line = rnd.nextBoolean()
              ? "nx-" + Integer.toHexString(rnd.nextInt()) + "." + o + " A"
              : "sub." + ZoneGenerator.host(host()) + "." + o + " A";
          nx++;
        } else if (roll < 90) {
          int h = host() | 1; // odd hosts have no AAAA
          line = h < shape.hosts() ? ZoneGenerator.host(h) + "." + o + " AAAA" : ZoneGenerator.host(1) + "." + o + " SRV";
          nodata++;
        } else if (roll < 94) {
          line = "x" + Integer.toHexString(rnd.nextInt()) + ".wild." + o + (rnd.nextBoolean() ? " A" : " TXT");
          wild++;
        } else if (roll < 98) {
          line = rnd.nextInt(4) == 0
              ? "cc-" + rnd.nextInt(shape.chains()) + "." + o + " A"
              : "c-" + rnd.nextInt(shape.cnames()) + "." + o + " A";
          cname++;
        } else {
          line = "www.d-" + rnd.nextInt(shape.delegations()) + "." + o + " A";
          referral++;
        }
        w.write(line);
        w.write('\n');
      }
    }
    return new Counts(existing, nx, nodata, wild, cname, referral);
  }

  private int host() {
    return rnd.nextInt(shape.hosts());
  }

  /** An existing name with a type it has; 5 % go to the apex. */
  private String existing(String o) {
    if (rnd.nextInt(20) == 0) {
      String[] apex = {"SOA", "NS", "MX", "TXT"};
      return o + " " + apex[rnd.nextInt(apex.length)];
    }
    int h = host();
    String name = ZoneGenerator.host(h) + "." + o;
    // Types host h has (see ZoneGenerator): A always, AAAA if even, TXT if %5, MX if %10.
    String[] types = {"A", "AAAA", "TXT", "MX"};
    boolean[] has = {true, h % 2 == 0, h % 5 == 0, h % 10 == 0};
    int t;
    do {
      t = rnd.nextInt(types.length);
    } while (!has[t]);
    return name + " " + types[t];
  }
}
