package io.tandemdns.zone.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/** One case per load rule: a small zone and the one problem expected (or none). */
class ZoneChecksTest {
  static final Name ORIGIN = Name.fromConstantString("example.com.");
  static final String FILE = "t.zone";
  /** Lines 1-4; every case's own lines start at line 5. */
  static final String HEAD = """
      $TTL 3600
      @ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
        IN NS ns1
      ns1 IN A 192.0.2.1
      """;

  /**
   * @param line expected line of the problem, -1 when the zone must be clean
   * @param fragment expected part of the message
   */
  record Case(String name, String text, int line, String fragment, boolean error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case ok(String name, String body) {
    return new Case(name, HEAD + body, -1, null, false);
  }

  static Case error(String name, String body, int line, String fragment) {
    return new Case(name, HEAD + body, line, fragment, true);
  }

  static Case warning(String name, String body, int line, String fragment) {
    return new Case(name, HEAD + body, line, fragment, false);
  }

  static Stream<Case> cases() {
    return Stream.of(
        ok("minimal zone", ""),
        ok("relative and absolute names", "www IN A 192.0.2.2\nmail.example.com. IN A 192.0.2.3\n"),
        ok("CNAME with RRSIG and NSEC beside it (RFC 4035)", """
            www IN CNAME ns1
            www IN NSEC ns1 CNAME RRSIG NSEC
            www IN RRSIG CNAME 8 3 3600 20300101000000 20200101000000 12345 example.com. AAAA
            """),
        ok("glue below a delegation", "sub IN NS ns.sub\nns.sub IN A 192.0.2.9\nns.sub IN AAAA 2001:db8::9\n"),
        ok("DS at a delegation", "sub IN NS ns.other.net.\nsub IN DS 12345 8 2 "
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"),
        ok("identical duplicate records collapse", "www IN A 192.0.2.2\nwww IN A 192.0.2.2\n"),
        ok("DNAME with no data below", "d IN DNAME other.net.\n"),
        ok("RFC 3597 unknown type", "x IN TYPE65280 \\# 4 0A000001\n"),
        ok("$GENERATE", "$GENERATE 1-20 h$ A 192.0.2.$\n"),
        error("second SOA at the apex", "@ IN SOA ns2 hostmaster 2 7200 3600 1209600 300\n", 5, "more than one SOA"),
        error("SOA below the apex", "x IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n", 5, "not at the zone apex"),
        error("no SOA", "", 0, "no SOA"),
        error("no NS at the apex", "", 0, "no NS records at the zone apex"),
        error("CNAME beside other data", "www IN CNAME ns1\nwww IN A 192.0.2.2\n", 6, "A (line 6) beside CNAME (line 5)"),
        error("data before the CNAME it conflicts with", "www IN TXT \"x\"\nwww IN CNAME ns1\n", 6, "TXT (line 5) beside CNAME (line 6)"),
        error("CNAME at the apex", "@ IN CNAME other.net.\n", 5, "CNAME and other data at example.com."),
        error("two CNAMEs", "www IN CNAME ns1\nwww IN CNAME ns2\n", 6, "more than one CNAME"),
        error("CNAME and DNAME together", "d IN DNAME other.net.\nd IN CNAME ns1\n", 6, "RFC 6672"),
        error("data below a DNAME", "d IN DNAME other.net.\nx.d IN A 192.0.2.3\n", 6, "below DNAME"),
        error("two DNAMEs", "d IN DNAME other.net.\nd IN DNAME other.org.\n", 6, "more than one DNAME"),
        error("name outside the zone", "www.example.net. IN A 192.0.2.3\n", 5, "outside zone"),
        error("class other than IN", "www CH TXT \"x\"\n", 5, "class CH"),
        error("non-glue below a delegation", "sub IN NS ns.other.net.\nx.sub IN TXT \"hi\"\n", 6, "below the delegation"),
        error("delegation below a delegation", "sub IN NS ns.other.net.\nx.sub IN NS ns.other.net.\n", 6, "below the delegation"),
        error("occluded data at a delegation point", "sub IN NS ns.other.net.\nsub IN MX 10 mail\n", 6, "occluded"),
        warning("TTL mismatch in an RRset", "www 60 IN A 192.0.2.3\nwww 120 IN A 192.0.2.4\n", 6, "RFC 2181 §5.2"),
        warning("in-zone NS target without address", "@ IN NS ns2\n", 5, "ns2.example.com. is in the zone but has no A"),
        warning("delegation without required glue", "sub IN NS ns.sub\n", 5, "glue is needed"),
        warning("SOA without TTL and no $TTL", "", 2, "using SOA MINIMUM"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rule(Case c) {
    String text = c.text();
    if (c.name().equals("no SOA")) {
      text = text.replaceFirst("@ IN SOA[^\n]*\n", "@ IN TXT \"placeholder\"\n");
    } else if (c.name().equals("no NS at the apex")) {
      text = text.replace("  IN NS ns1\n", "  IN TXT \"no ns\"\n");
    } else if (c.name().startsWith("SOA without TTL")) {
      text = text.replace("$TTL 3600\n", "; no default TTL\n");
    }
    List<ZoneProblem> problems = ZoneFileLoader.check(text, FILE, ORIGIN);
    if (c.line() < 0) {
      assertThat(problems).isEmpty();
      return;
    }
    assertThat(problems).as("problems").hasSize(1);
    ZoneProblem p = problems.get(0);
    assertThat(p.file()).isEqualTo(FILE);
    assertThat(p.line()).isEqualTo(c.line());
    assertThat(p.message()).contains(c.fragment());
    assertThat(p.error()).isEqualTo(c.error());
  }
}
