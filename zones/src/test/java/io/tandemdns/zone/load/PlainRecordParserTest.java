package io.tandemdns.zone.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The fast path must never change what a zone file means: every input here is parsed with the
 * fast path and with dnsjava's Tokenizer alone, and the two must agree record for record (class,
 * owner, TTL, rdata, Java type, line) and problem for problem (message, line, severity).
 */
class PlainRecordParserTest {
  static final Name ORIGIN = Name.fromConstantString("example.com.");

  /** Lines after a header with $TTL; each is checked on its own and all together. */
  static final List<String> LINES = List.of(
      "www A 192.0.2.1",
      "www\tIN\tA\t192.0.2.2",
      "www 300 IN A 192.0.2.3",
      "www IN 300 A 192.0.2.4",
      "www 1h30m A 192.0.2.5",
      "www 1W IN A 192.0.2.6",
      "www CH A 192.0.2.7",
      "www CLASS1 A 192.0.2.8",
      "www IN TYPE1 192.0.2.9",
      "  A 192.0.2.10",
      "\tIN AAAA 2001:db8::1",
      "@ A 192.0.2.11",
      "abs.example.com. A 192.0.2.12",
      "other.example.net. A 192.0.2.13",
      "* A 192.0.2.14",
      "*.wild A 192.0.2.15",
      "Mixed.CASE A 192.0.2.16",
      "under_score A 192.0.2.17",
      "www A 192.0.2.18 ; a comment",
      "www A 192.0.2.19;comment right after",
      "www A 010.0.2.1",
      "www A 192.0.2",
      "www A 192.0.2.256",
      "www A 1.2.3.4.5",
      "www A ::1",
      "www A",
      "www A 192.0.2.1 192.0.2.2",
      "v6 AAAA 2001:db8::",
      "v6 AAAA ::",
      "v6 AAAA ::1",
      "v6 AAAA 2001:DB8:0:0:0:0:0:1",
      "v6 AAAA 2001:db8:0:0:0:0:0:0:1",
      "v6 AAAA ::ffff:192.0.2.1",
      "v6 AAAA 2001:db8::192.0.2.1",
      "v6 AAAA ::ffff:c000:0201",
      "v6 AAAA 2001:db8:::1",
      "v6 AAAA 2001:db8::1::2",
      "v6 AAAA 12345::1",
      "v6 AAAA fe80::1%eth0",
      "v6 AAAA 192.0.2.1",
      "ns NS ns1",
      "ns NS ns1.example.com.",
      "ns NS @",
      "ns NS ns1.example.net.",
      "ns NS a..b",
      "ns NS",
      "c CNAME target",
      "c CNAME target.example.org.",
      "c CNAME .",
      "p PTR host.example.",
      "p PTR host",
      "mx MX 10 mail",
      "mx MX 0 mail.example.com.",
      "mx MX 65535 @",
      "mx MX 65536 mail",
      "mx MX 010 mail",
      "mx MX -1 mail",
      "mx MX +1 mail",
      "mx MX 99999999999999999999 mail",
      "mx MX 10",
      "mx MX mail 10",
      "mx MX 10 mail extra",
      "t TXT \"hello world\"",
      "t TXT hello world",
      "t TXT \"\"",
      "t TXT \"a\" \"b\" c",
      "t TXT \"a\"\"b\"",
      "t TXT \"a\"b",
      "t TXT a\"b\"",
      "t TXT \"with ; semicolon\" ; and a comment",
      "t TXT \"with (parens)\"",
      "t TXT \"tab\there\"",
      "t TXT \"esc\\\"aped\"",
      "t TXT \"dec\\065\"",
      "t TXT back\\slash",
      "t TXT \"unterminated",
      "t TXT \"" + "x".repeat(255) + "\"",
      "t TXT \"" + "x".repeat(256) + "\"",
      "t TXT",
      "t TXT \"v=spf1 mx -all\"",
      "esc\\.dot A 192.0.2.1",
      "esc\\065 A 192.0.2.1",
      "\"quoted\" A 192.0.2.1",
      "x" + "y".repeat(63) + " A 192.0.2.1",
      "www IN BOGUS 1",
      "www 99999999999 A 192.0.2.1",
      "www 1x A 192.0.2.1",
      "www IN",
      "www",
      "www A ( 192.0.2.1 )",
      "www SOA ns1 hostmaster 1 2 3 4 5",
      "www HINFO \"cpu\" \"os\"",
      "www DNAME target",
      "www SRV 0 5 5060 sip",
      "$ORIGIN sub",
      "after.origin A 192.0.2.1",
      "  NS ns1",
      "$TTL 60",
      "late A 192.0.2.1",
      "; only a comment",
      "   ; indented comment",
      "caf\u00e9 A 192.0.2.1",
      "t TXT \"caf\u00e9\"");

  static final String HEAD = "$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n";

  static Stream<String> lines() {
    return LINES.stream();
  }

  @ParameterizedTest
  @MethodSource("lines")
  void eachLineMeansTheSameOnBothPaths(String line) {
    assertSamePaths(HEAD + line + "\n");
    assertSamePaths(HEAD + "prev A 192.0.2.99\n" + line + "\n");
  }

  @Test
  void allLinesTogetherMeanTheSame() {
    assertSamePaths(HEAD + String.join("\n", LINES) + "\n");
  }

  @Test
  void withoutTtlDirectiveTheLastExplicitTtlApplies() {
    assertSamePaths("@ 600 IN SOA ns1 hostmaster 1 2 3 4 5\nwww A 192.0.2.1\nx 30 A 192.0.2.2\ny AAAA ::1\n");
    assertSamePaths("@ IN SOA ns1 hostmaster 1 2 3 4 5\nwww A 192.0.2.1\n");
    assertSamePaths("www A 192.0.2.1\n  A 192.0.2.2\nx 5 A 192.0.2.3\n  A 192.0.2.4\n");
    assertSamePaths("  A 192.0.2.1\n");
  }

  @Test
  void crLfAndMissingFinalNewline() {
    assertSamePaths(HEAD.replace("\n", "\r\n") + "www A 192.0.2.1\r\nmx MX 10 mail\r\n");
    assertSamePaths(HEAD + "www A 192.0.2.1");
  }

  @Test
  void theCommonLinesReallyTakeTheFastPath() {
    MasterFileParser.State state = new MasterFileParser.State(ORIGIN);
    state.defaultTtl = 3600;
    PlainRecordParser plain = new PlainRecordParser();
    for (String line : List.of("www A 192.0.2.1", "  AAAA 2001:db8::1", "www 60 IN MX 10 mail", "c CNAME www",
        "d NS ns1.d", "t TXT \"hello world\" x", "p PTR host.example.", "ns1.d A 192.0.2.2 ; glue")) {
      assertThat(plain.parse(line, state)).as(line).isNotNull();
    }
    for (String line : List.of("www A ( 192.0.2.1 )", "esc\\.dot A 192.0.2.1", "$TTL 5", "@ SOA a b 1 2 3 4 5",
        "t TXT \"a\\\"b\"", "www A 192.0.2.300", "www BOGUS 1")) {
      assertThat(plain.parse(line, state)).as(line).isNull();
    }
  }

  @Test
  void consecutiveLinesOfOneOwnerShareItsName() {
    MasterFileParser p = new MasterFileParser();
    p.parseText(HEAD + "www A 192.0.2.1\nwww AAAA ::1\nwww TXT x\n", "t", ORIGIN);
    List<LocatedRecord> rs = p.records();
    assertThat(rs.get(2).record().getName()).isSameAs(rs.get(1).record().getName())
        .isSameAs(rs.get(3).record().getName());
  }

  private static void assertSamePaths(String text) {
    MasterFileParser fast = new MasterFileParser(true);
    fast.parseText(text, "z", ORIGIN);
    MasterFileParser slow = new MasterFileParser(false);
    slow.parseText(text, "z", ORIGIN);
    assertThat(describe(fast.records())).as(text).isEqualTo(describe(slow.records()));
    for (int i = 0; i < slow.records().size(); i++) {
      assertThat(fast.records().get(i).record()).as(text).isEqualTo(slow.records().get(i).record());
    }
    assertThat(fast.problems()).as(text).isEqualTo(slow.problems());
  }

  /** Everything a record carries, TTL and Java class included (Record.equals ignores the TTL). */
  private static List<String> describe(List<LocatedRecord> rs) {
    return rs.stream().map(lr -> {
      Record r = lr.record();
      return lr.file() + ":" + lr.line() + " " + r.getClass().getSimpleName() + " " + r + " class=" + r.getDClass()
          + " ttl=" + r.getTTL() + " wire=" + java.util.HexFormat.of().formatHex(r.toWire(org.xbill.DNS.Section.ANSWER));
    }).toList();
  }
}
