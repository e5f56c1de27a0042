package io.tandemdns.server.dnssec;

import io.tandemdns.server.diff.TandemTarget;
import static org.junit.jupiter.api.Assertions.fail;

import io.tandemdns.server.diff.DnsClient;
import io.tandemdns.server.diff.DnsTarget;
import io.tandemdns.server.diff.KnotServer;
import io.tandemdns.server.diff.Normalized;
import io.tandemdns.server.diff.QueryCase;
import io.tandemdns.server.diff.Tolerance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Knot DNS and Tandem serve the same pre-signed files (Knot with no signing policy, so it serves
 * them as they are); every case of {@link SignedCases} must agree after the harness
 * normalization (sets of RRsets, RRSIGs included), or differ only as its tolerance documents.
 * A report of the failures goes to {@code target/dnssec-diff-report.txt}.
 */
class SignedDifferentialTest {
  private static final Path REPORT = Path.of("target", "dnssec-diff-report.txt");
  private static final AtomicInteger RUN = new AtomicInteger();
  private static final AtomicInteger PASSED = new AtomicInteger();
  private static final Map<String, String> FAILURES = new LinkedHashMap<>();

  @TempDir static Path work;

  /** Every record of the signed files: the ground truth for RRSIG queries. */
  private static final List<Record> records = new ArrayList<>();
  private static DnsTarget knot;
  private static DnsTarget tandem;

  @BeforeAll
  static void startServers() throws Exception {
    Optional<Path> knotd = KnotServer.findKnotd();
    if (knotd.isEmpty()) {
      String msg = "knotd not found (/usr/sbin/knotd or $KNOTD): install the Debian package 'knot'";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg);
      }
      System.err.println("\n********** SIGNED DIFFERENTIAL SUITE SKIPPED: " + msg + " **********\n");
      Assumptions.abort(msg);
    }
    Map<Name, Path> zones = SignedZones.signAll(Files.createDirectories(work.resolve("zones")));
    knot = KnotServer.start("knot", knotd.get(), Files.createDirectories(work.resolve("knot")), zones);
    tandem = TandemTarget.start(zones);
    for (Map.Entry<Name, Path> z : zones.entrySet()) {
      records.addAll(SignedZones.read(z.getValue(), z.getKey()));
    }
  }

  @AfterAll
  static void stopServers() throws IOException {
    String summary = "signed differential (tandem vs knot): " + RUN.get() + " cases run, " + PASSED.get()
        + " passed, " + (RUN.get() - PASSED.get()) + " failed";
    System.out.println(summary);
    if (RUN.get() > 0) {
      StringBuilder r = new StringBuilder(summary).append("\n\n");
      FAILURES.forEach((k, v) -> r.append("=== ").append(k).append('\n').append(v).append("\n\n"));
      Files.createDirectories(REPORT.getParent());
      Files.writeString(REPORT, r, StandardCharsets.UTF_8);
    }
    if (tandem != null) {
      tandem.close();
    }
    if (knot != null) {
      knot.close();
    }
  }

  static Stream<SignedCases.Case> cases() {
    return SignedCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameAnswerAsKnot(SignedCases.Case c) throws IOException {
    RUN.incrementAndGet();
    QueryCase q = c.query();
    int id = q.label().hashCode() & 0xffff;
    byte[] query = DnsClient.encode(q, id);
    List<String> problems = new ArrayList<>();
    Normalized k = ask(knot, query, q.tcp(), problems);
    Normalized t = ask(tandem, query, q.tcp(), problems);
    Tolerance.Oracle oracle = new Tolerance.Oracle() {
      @Override
      public Normalized knotOverTcp(QueryCase full) {
        return ask(knot, DnsClient.encode(full, id), true, problems);
      }

      @Override
      public Set<String> zoneRrsets(QueryCase x) {
        return Normalized.rrsets(records.stream()
            .filter(r -> r.getName().equals(x.name()) && r.getType() == x.qtype())
            .toList());
      }
    };
    problems.addAll(q.tolerance().problems(q, k, t, oracle));
    if (problems.isEmpty()) {
      PASSED.incrementAndGet();
      return;
    }
    String detail = "problems:\n  " + String.join("\n  ", problems) + "\n--- knot:\n" + k.text()
        + "\n--- tandem:\n" + t.text();
    synchronized (FAILURES) {
      FAILURES.put(q.label(), detail);
    }
    fail(q.label() + "\n" + detail);
  }

  static Normalized ask(DnsTarget target, byte[] query, boolean tcp, List<String> problems) {
    byte[] wire;
    try {
      wire = DnsClient.exchange(target.address(), query, tcp);
    } catch (IOException e) {
      throw new UncheckedIOException(target.name() + " unreachable", e);
    }
    if (wire == null) {
      return Normalized.NO_ANSWER;
    }
    try {
      Message m = new Message(wire);
      if (!m.getHeader().getFlag(Flags.QR)) {
        problems.add(target.name() + ": QR=0");
      }
      return Normalized.of(m);
    } catch (IOException e) {
      problems.add(target.name() + ": unparseable response: " + e.getMessage());
      return Normalized.NO_ANSWER;
    }
  }
}
