package io.tandemdns.zone.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * {@link DnssecChecks} on real signer output (dnssec-signzone, one record per line with
 * {@code -O full}) and on copies damaged on purpose: a deleted line, an edited timestamp or key
 * tag. Every finding is a warning at the damaged line; the zone still loads.
 */
class DnssecChecksTest {
  static final Name ORIGIN = Name.fromConstantString("example.");
  static final String ZONE = """
      $ORIGIN example.
      $TTL 3600
      @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
      @ IN NS ns1
      ns1 IN A 192.0.2.1
      www IN A 192.0.2.3
      *.wild IN A 192.0.2.7
      a.b.ent IN A 192.0.2.5
      sub IN NS ns.sub
      sub IN DS 12345 13 2 49FD46E6C4B45C55D4AC49FD46E6C4B45C55D4AC49FD46E6C4B45C55D4ACABCD
      ns.sub IN A 192.0.2.6
      insecure IN NS ns.insecure
      ns.insecure IN A 192.0.2.8
      """;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  enum Denial { NSEC, NSEC3, OPT_OUT }

  @TempDir Path dir;

  List<String> sign(Denial denial) throws Exception {
    for (String tool : List.of("/usr/bin/dnssec-signzone", "/usr/bin/dnssec-keygen")) {
      if (!Files.isExecutable(Path.of(tool))) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail(tool + " missing");
        }
        System.err.println("SKIPPING DnssecChecksTest: " + tool + " missing (bind9-utils)");
        assumeTrue(false);
      }
    }
    Files.writeString(dir.resolve("in.zone"), ZONE);
    run("dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-K", ".", "example.");
    run("dnssec-keygen", "-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "-K", ".", "example.");
    List<String> cmd = new ArrayList<>(List.of("dnssec-signzone", "-q", "-S", "-K", ".", "-O", "full"));
    if (denial != Denial.NSEC) {
      cmd.addAll(List.of("-3", "aabbccdd", "-H", "0"));
    }
    if (denial == Denial.OPT_OUT) {
      cmd.add("-A");
    }
    cmd.addAll(List.of("-o", "example.", "-f", "signed.zone", "in.zone"));
    run(cmd.toArray(String[]::new));
    return Files.readAllLines(dir.resolve("signed.zone"));
  }

  void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + String.join(" ", cmd));
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(out).isZero();
  }

  /** Writes the lines as damaged.zone and returns what check-zone would report. */
  List<ZoneProblem> check(List<String> lines) throws IOException {
    Path f = dir.resolve("damaged.zone");
    Files.write(f, lines);
    return ZoneFileLoader.check(f, ORIGIN);
  }

  /** The 1-based number of the only line matching. */
  static int lineOf(List<String> lines, Predicate<String> p) {
    List<Integer> hits = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (p.test(lines.get(i))) {
        hits.add(i + 1);
      }
    }
    assertThat(hits).as("exactly one line matches").hasSize(1);
    return hits.get(0);
  }

  static Predicate<String> record(String owner, String type) {
    return l -> l.startsWith(owner + "\t") || l.startsWith(owner + " ")
        ? l.split("\\s+").length > 4 && l.split("\\s+")[3].equals(type)
        : false;
  }

  static Predicate<String> rrsig(String owner, String covered) {
    return l -> {
      String[] f = l.split("\\s+");
      return f.length > 5 && f[0].equals(owner) && f[3].equals("RRSIG") && f[4].equals(covered);
    };
  }

  static List<String> without(List<String> lines, int line) {
    List<String> out = new ArrayList<>(lines);
    out.remove(line - 1);
    return out;
  }

  static List<String> replaced(List<String> lines, int line, String from, String to) {
    List<String> out = new ArrayList<>(lines);
    String old = out.get(line - 1);
    assertThat(old).contains(from);
    out.set(line - 1, old.replace(from, to));
    return out;
  }

  static void assertOnlyWarnings(List<ZoneProblem> problems) {
    assertThat(problems).allSatisfy(p -> assertThat(p.error()).as(p.toString()).isFalse());
  }

  static void assertWarning(List<ZoneProblem> problems, int line, String fragment) {
    assertOnlyWarnings(problems);
    assertThat(problems).as("warnings").anySatisfy(p -> {
      assertThat(p.line()).isEqualTo(line);
      assertThat(p.message()).contains(fragment);
      assertThat(p.file()).endsWith("damaged.zone");
    });
  }

  @Test
  void cleanSignerOutputHasNoWarnings() throws Exception {
    for (Denial d : Denial.values()) {
      Files.list(dir).forEach(p -> p.toFile().delete());
      List<String> lines = sign(d);
      assertThat(check(lines)).as("%s", d).isEmpty();
    }
  }

  @Test
  void missingRrsigIsAWarningAtTheRrset() throws Exception {
    List<String> lines = sign(Denial.NSEC);
    int sig = lineOf(lines, rrsig("www.example.", "A"));
    List<String> damaged = without(lines, sig);
    int a = lineOf(damaged, record("www.example.", "A"));
    List<ZoneProblem> problems = check(damaged);
    assertWarning(problems, a, "A at www.example. has no RRSIG");
    // Glue and delegation NS are not authoritative: no warning for their missing signatures.
    assertThat(problems).noneMatch(p -> p.message().contains("ns.sub") || p.message().contains("NS at sub"));
  }

  @Test
  void expiredAndNotYetValidSignatures() throws Exception {
    List<String> lines = sign(Denial.NSEC3);
    int line = lineOf(lines, rrsig("www.example.", "A"));
    String[] f = lines.get(line - 1).split("\\s+");
    String expire = f[8];
    String inception = f[9];
    Instant past = Instant.now().minusSeconds(86_400);
    List<ZoneProblem> expired = check(replaced(lines, line, expire + " " + inception,
        STAMP.format(past) + " " + STAMP.format(past.minusSeconds(86_400))));
    assertWarning(expired, line, "expired");

    Instant future = Instant.now().plusSeconds(10 * 86_400);
    List<ZoneProblem> early = check(replaced(lines, line, expire + " " + inception,
        STAMP.format(future.plusSeconds(86_400)) + " " + STAMP.format(future)));
    assertWarning(early, line, "not valid before");
  }

  @Test
  void keyTagMatchingNoDnskey() throws Exception {
    List<String> lines = sign(Denial.NSEC);
    int line = lineOf(lines, rrsig("www.example.", "A"));
    String tag = lines.get(line - 1).split("\\s+")[10];
    String other = Integer.toString((Integer.parseInt(tag) + 1) % 65536);
    List<ZoneProblem> problems = check(replaced(lines, line, " " + tag + " example.", " " + other + " example."));
    assertWarning(problems, line, "key tag " + other);
  }

  @Test
  void brokenNsecChain() throws Exception {
    List<String> lines = sign(Denial.NSEC);
    // Delete www's NSEC: www drops out of the chain and its predecessor points at nothing.
    int nsec = lineOf(lines, record("www.example.", "NSEC"));
    List<String> damaged = without(lines, nsec);
    List<ZoneProblem> problems = check(damaged);
    assertWarning(problems, lineOf(damaged, record("www.example.", "A")), "www.example. has no NSEC");
    assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains("points to www.example., which has no NSEC"));

    // The last NSEC (at www, the greatest name) no longer loops back to the apex.
    int last = lineOf(lines, record("www.example.", "NSEC"));
    List<ZoneProblem> open = check(replaced(lines, last, "NSEC\texample.", "NSEC\tns1.example."));
    assertWarning(open, last, "instead of looping back to the apex");
  }

  @Test
  void brokenNsec3Chain() throws Exception {
    List<String> lines = sign(Denial.NSEC3);
    // Every NSEC3 line: delete one, then the chain has a gap and its name has no NSEC3.
    List<Integer> nsec3 = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\\s+");
      if (f.length > 4 && f[3].equals("NSEC3")) {
        nsec3.add(i + 1);
      }
    }
    assertThat(nsec3).hasSizeGreaterThan(5);
    int victim = nsec3.get(2);
    List<ZoneProblem> gap = check(without(lines, victim));
    assertOnlyWarnings(gap);
    assertThat(gap).anySatisfy(p -> assertThat(p.message()).contains("chain broken"));
    assertThat(gap).anySatisfy(p -> assertThat(p.message()).contains("has no NSEC3"));

    // Next hashed owner edited: out of hash order.
    int line = nsec3.get(0);
    String next = lines.get(line - 1).split("\\s+")[8];
    String bogus = "0".repeat(next.length());
    assertThat(next).isNotEqualTo(bogus);
    assertWarning(check(replaced(lines, line, " " + next, " " + bogus)), line, "chain broken");

    // NSEC3PARAM with another salt: no NSEC3 belongs to the chain it names.
    int param = lineOf(lines, record("example.", "NSEC3PARAM"));
    assertWarning(check(replaced(lines, param, "AABBCCDD", "AABBCCDE")), param, "matches no NSEC3");
  }

  @Test
  void optOutSpansExemptInsecureDelegations() throws Exception {
    List<String> lines = sign(Denial.OPT_OUT);
    assertThat(check(lines)).isEmpty();
    // The same file with the opt-out flag cleared on every NSEC3 ("1 1 0" → "1 0 0"): now the
    // insecure delegation lacks the NSEC3 a non-opt-out chain needs.
    List<String> noOptOut = lines.stream().map(l -> l.replaceAll("NSEC3\\s1 1 0 ", "NSEC3 1 0 0 ")).toList();
    assertThat(noOptOut).isNotEqualTo(lines);
    assertWarning(check(noOptOut), lineOf(noOptOut, record("insecure.example.", "NS")),
        "insecure.example. has no NSEC3");
  }

  @Test
  void damagedZoneStillLoadsWithWarnings() throws Exception {
    List<String> lines = sign(Denial.NSEC);
    List<String> damaged = without(lines, lineOf(lines, rrsig("www.example.", "A")));
    Path f = dir.resolve("damaged.zone");
    Files.write(f, damaged);
    ZoneFileLoader.Loaded loaded = ZoneFileLoader.loadWithWarnings(f, ORIGIN);
    assertThat(loaded.zone().isSigned()).isTrue();
    assertThat(loaded.warnings()).anySatisfy(p -> assertThat(p.message()).contains("has no RRSIG"));
  }
}
