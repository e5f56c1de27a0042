package io.tandemdns.server.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * The differential suite: every case of {@link DiffCases} goes to Knot DNS and to Tandem over
 * raw sockets; the normalized responses ({@link Normalized}) must agree, or differ only in the
 * way the case's {@link Tolerance} documents.
 *
 * <p>System property {@code tandem.diff.mode=knot-vs-knot} compares two independent knotd
 * processes instead, every case strict (validates the harness: everything must pass). Without knotd the suite
 * fails when {@code CI=true}, else it is skipped with a loud message.
 *
 * <p>A report of every failing case with both full responses goes to
 * {@code target/diff-report.txt}.
 */
class DifferentialTest {
  private static final String MODE = System.getProperty("tandem.diff.mode", "tandem");
  private static final Path REPORT = Path.of("target", "diff-report.txt");
  /** {@code -Dtandem.diff.dump=true}: the report shows every case with both responses. */
  private static final boolean DUMP = Boolean.getBoolean("tandem.diff.dump");
  private static final Map<String, String> PASSES = new LinkedHashMap<>();

  @TempDir static Path work;

  private static ZoneFiles zoneFiles;
  private static DnsTarget reference;
  private static DnsTarget subject;
  private static final AtomicInteger RUN = new AtomicInteger();
  private static final AtomicInteger PASSED = new AtomicInteger();
  private static final Map<String, String> FAILURES = new LinkedHashMap<>();

  @BeforeAll
  static void startServers() throws IOException {
    Optional<Path> knotd = KnotServer.findKnotd();
    if (knotd.isEmpty()) {
      String msg = "knotd not found (/usr/sbin/knotd or $KNOTD): install the Debian package 'knot'";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + msg + "; the differential suite must run in CI");
      }
      System.err.println("\n********** DIFFERENTIAL SUITE SKIPPED: " + msg + " **********\n");
      Assumptions.abort(msg);
    }
    Map<Name, Path> zones = zones();
    zoneFiles = new ZoneFiles(zones);
    reference = KnotServer.start("knot", knotd.get(), Files.createDirectories(work.resolve("knot")), zones);
    if ("knot-vs-knot".equals(MODE)) {
      subject = KnotServer.start("knot2", knotd.get(), Files.createDirectories(work.resolve("knot2")), zones);
    } else {
      subject = TandemTarget.start(zones);
    }
    System.out.println("differential suite: " + reference + " vs " + subject);
  }

  @AfterAll
  static void stopServers() throws IOException {
    String summary = "differential (" + (subject == null ? "?" : subject.name()) + " vs knot): "
        + RUN.get() + " cases run, " + PASSED.get() + " passed, " + (RUN.get() - PASSED.get()) + " failed";
    System.out.println(summary);
    if (RUN.get() > 0) {
      StringBuilder r = new StringBuilder(summary).append("\n\n");
      FAILURES.forEach((k, v) -> r.append("=== ").append(k).append('\n').append(v).append("\n\n"));
      PASSES.forEach((k, v) -> r.append("+++ passed: ").append(k).append('\n').append(v).append("\n\n"));
      Files.createDirectories(REPORT.getParent());
      Files.writeString(REPORT, r, StandardCharsets.UTF_8);
      if (!FAILURES.isEmpty()) {
        System.out.println("failing cases (details in " + REPORT.toAbsolutePath() + "):");
        FAILURES.keySet().forEach(k -> System.out.println("  " + k));
      }
    }
    if (subject != null) {
      subject.close();
    }
    if (reference != null) {
      reference.close();
    }
  }

  static Map<Name, Path> zones() {
    try {
      Path dir = Path.of(DifferentialTest.class.getResource("/diff/diff.test.zone").toURI()).getParent();
      Map<Name, Path> zones = new LinkedHashMap<>();
      for (String origin : List.of("diff.test.", "parent.test.", "child.parent.test.")) {
        zones.put(Name.fromConstantString(origin), dir.resolve(origin + "zone"));
      }
      return zones;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<QueryCase> cases() {
    return DiffCases.all().stream();
  }

  @Test
  void tableIsLargeAndUnambiguous() {
    List<QueryCase> all = DiffCases.all();
    assertThat(all).hasSizeGreaterThanOrEqualTo(150);
    assertThat(all.stream().map(QueryCase::label).distinct().count())
        .as("case labels are unique").isEqualTo(all.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameAnswerAsKnot(QueryCase q) throws IOException {
    RUN.incrementAndGet();
    // The same ID for both servers; derived from the label so a rerun sends the same bytes.
    int id = q.label().hashCode() & 0xffff;
    byte[] query = DnsClient.encode(q, id);
    List<String> problems = new ArrayList<>();
    Normalized knot = ask(reference, query, q.tcp(), problems);
    Normalized tandem = ask(subject, query, q.tcp(), problems);
    Tolerance.Oracle oracle = new Tolerance.Oracle() {
      @Override
      public Normalized knotOverTcp(QueryCase full) throws IOException {
        List<String> broken = new ArrayList<>();
        Normalized n = ask(reference, DnsClient.encode(full, id), true, broken);
        if (!broken.isEmpty()) {
          throw new IOException("knot's full answer is broken: " + broken);
        }
        return n;
      }

      @Override
      public java.util.Set<String> zoneRrsets(QueryCase c) {
        return zoneFiles.rrsetsAt(c.name());
      }
    };
    // Knot against itself has no accepted differences: every case must agree strictly.
    Tolerance tolerance = "knot-vs-knot".equals(MODE) ? Tolerance.STRICT : q.tolerance();
    problems.addAll(tolerance.problems(q, knot, tandem, oracle));
    String detail = "query: " + HexFormat.of().formatHex(query) + "\n"
        + "problems:\n  " + String.join("\n  ", problems) + "\n"
        + "--- knot:\n" + knot.text() + "\n--- " + subject.name() + ":\n" + tandem.text();
    if (problems.isEmpty()) {
      PASSED.incrementAndGet();
      if (DUMP) {
        synchronized (FAILURES) {
          PASSES.put(q.label(), detail);
        }
      }
      return;
    }
    synchronized (FAILURES) {
      FAILURES.put(q.label(), detail);
    }
    fail(q.label() + "\n" + detail);
  }

  /** Sends the query; checks what every response must satisfy on its own (ID, QR, parseable). */
  private static Normalized ask(DnsTarget target, byte[] query, boolean tcp, List<String> problems) {
    byte[] wire;
    try {
      wire = DnsClient.exchange(target.address(), query, tcp);
    } catch (IOException e) {
      throw new UncheckedIOException(target.name() + " unreachable", e);
    }
    if (wire == null) {
      return Normalized.NO_ANSWER;
    }
    Message m;
    try {
      m = new Message(wire);
    } catch (IOException e) {
      problems.add(target.name() + ": unparseable response (" + e.getMessage() + "): "
          + HexFormat.of().formatHex(wire));
      return Normalized.NO_ANSWER;
    }
    int id = (query[0] & 0xff) << 8 | (query[1] & 0xff);
    if (m.getHeader().getID() != id) {
      problems.add(target.name() + ": response ID " + m.getHeader().getID() + " != query ID " + id);
    }
    if (!m.getHeader().getFlag(Flags.QR)) {
      problems.add(target.name() + ": QR=0 in a response");
    }
    return Normalized.of(m);
  }
}
