package io.tandemdns.zone.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/**
 * Runs BIND's {@code named-checkzone -i local} on the same files as Tandem and compares the
 * verdict (accepted / rejected). Where Tandem is deliberately stricter or laxer the case states
 * both verdicts and why; the test still fails if BIND's behaviour changes under us.
 */
class NamedCheckzoneDifferentialTest {
  static final String HEAD = ZoneChecksTest.HEAD;
  static Path checkzone;

  @TempDir Path dir;

  /**
   * @param bind whether named-checkzone accepts the zone
   * @param tandem whether Tandem accepts it (no errors); differs from bind only with a reason
   */
  record Case(String name, String text, boolean bind, boolean tandem, String whyDifferent) {
    @Override
    public String toString() {
      return name + (whyDifferent == null ? "" : " [deliberate difference]");
    }
  }

  static Case same(String name, String body, boolean accepted) {
    return new Case(name, HEAD + body, accepted, accepted, null);
  }

  static Case differs(String name, String body, boolean bind, String why) {
    return new Case(name, HEAD + body, bind, !bind, why);
  }

  static Stream<Case> cases() {
    return Stream.of(
        same("minimal zone", "", true),
        same("multi-line SOA, $TTL units, relative names",
            "$TTL 1h\nwww IN A 192.0.2.2\nmail.example.com. 5m IN MX 10 www\n", true),
        same("glue under delegation", "sub IN NS ns.sub\nns.sub IN A 192.0.2.9\n", true),
        same("delegation missing glue (both warn)", "sub IN NS ns.sub\n", true),
        same("TTL mismatch (both warn)", "www 60 IN A 192.0.2.3\nwww 120 IN A 192.0.2.4\n", true),
        same("$GENERATE", "$GENERATE 1-50 h$ A 192.0.2.$\n", true),
        same("RFC 3597 unknown type", "x IN TYPE65280 \\# 4 0A000001\n", true),
        same("CNAME with NSEC beside it", "www IN CNAME ns1\nwww IN NSEC ns1 CNAME RRSIG NSEC\n", true),
        same("CNAME and other data", "www IN CNAME ns1\nwww IN A 192.0.2.2\n", false),
        same("two CNAMEs", "www IN CNAME ns1\nwww IN CNAME ns2\n", false),
        same("CNAME and DNAME", "d IN DNAME other.net.\nd IN CNAME ns1\n", false),
        same("SOA below the apex", "x IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n", false),
        same("class CH", "www CH TXT \"x\"\n", false),
        same("bad address", "www IN A 192.0.2.300\n", false),
        same("unknown type mnemonic", "www IN BOGUS 1\n", false),
        new Case("no NS at the apex", HEAD.replace("  IN NS ns1\n", ""), false, false, null),
        new Case("no SOA", HEAD.replaceFirst("@ IN SOA[^\n]*\n", "@ IN TXT \"no soa\"\n"), false, false, null),
        new Case("unclosed parenthesis", HEAD + "www IN A ( 192.0.2.1\n", false, false, null),
        differs("in-zone NS target without address", "@ IN NS ns2\n", false,
            "Tandem warns: the name may still resolve via the other providers' copies, and the brief "
                + "makes it a warning"),
        differs("non-glue below a delegation", "sub IN NS ns.other.net.\nx.sub IN TXT \"hi\"\n", true,
            "BIND silently ignores occluded data; Tandem refuses data it could never serve"),
        differs("MX at a delegation point", "sub IN NS ns.other.net.\nsub IN MX 10 mail\n", true,
            "occluded by the cut (RFC 1034 §4.2.1); Tandem refuses it"),
        differs("data below a DNAME", "d IN DNAME other.net.\nx.d IN A 192.0.2.3\n", true,
            "RFC 6672 §2.4 says such data is never served; Tandem refuses it"),
        differs("name outside the zone", "www.example.net. IN A 192.0.2.3\n", true,
            "BIND ignores out-of-zone data with a warning; Tandem refuses it as a likely typo"));
  }

  @BeforeAll
  static void findNamedCheckzone() {
    for (String p : List.of("/usr/bin/named-checkzone", "/usr/sbin/named-checkzone")) {
      if (Files.isExecutable(Path.of(p))) {
        checkzone = Path.of(p);
        return;
      }
    }
    String msg = "named-checkzone not found in /usr/bin or /usr/sbin: differential zone checks NOT RUN";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(msg);
    }
    System.err.println("*** WARNING: " + msg + " ***");
    Assumptions.abort(msg);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameVerdictAsBind(Case c) throws Exception {
    Name origin = Name.fromString("example.com.");
    Path file = Files.writeString(dir.resolve("zone.db"), c.text());
    boolean bind = bindAccepts(origin, file);
    List<ZoneProblem> problems = ZoneFileLoader.check(file, origin);
    boolean tandem = problems.stream().noneMatch(ZoneProblem::error);
    assertThat(bind).as("named-checkzone accepts").isEqualTo(c.bind());
    assertThat(tandem).as("Tandem accepts; problems: %s", problems).isEqualTo(c.tandem());
  }

  private static boolean bindAccepts(Name origin, Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(checkzone.toString(), "-i", "local", "-q", origin.toString(), file.toString())
        .redirectErrorStream(true)
        .start();
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("named-checkzone did not finish within 30 s");
    }
    p.getInputStream().readAllBytes(); // -q: normally empty; drained so the process never blocks
    return p.exitValue() == 0;
  }
}
