package io.tandemdns.zone.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.zone.Node;
import io.tandemdns.zone.RecordSet;
import io.tandemdns.zone.Zone;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.UNKRecord;

/** Parsing: syntax errors name the right file:line; directives; files that cannot be read. */
class ZoneFileLoaderTest {
  static final Name ORIGIN = Name.fromConstantString("example.com.");
  static final String HEAD = ZoneChecksTest.HEAD;

  @TempDir Path dir;

  record SyntaxCase(String name, String text, int line, String fragment) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<SyntaxCase> syntaxErrors() {
    return Stream.of(
        new SyntaxCase("bad IPv4 address", HEAD + "www IN A 192.0.2.300\n", 5, "192.0.2.300"),
        new SyntaxCase("unknown type", HEAD + "www IN BOGUS 1\n", 5, "unknown type 'BOGUS'"),
        new SyntaxCase("trailing garbage", HEAD + "www IN A 192.0.2.1 extra\n", 5, "unexpected tokens"),
        new SyntaxCase("unknown directive", HEAD + "$FOO bar\n", 5, "unknown directive $FOO"),
        new SyntaxCase("record without TTL and no $TTL",
            "@ 3600 IN SOA ns1 hostmaster 1 2 3 4 5\n@ 60 IN NS ns1\nns1 IN A 192.0.2.1\n", -1, null),
        new SyntaxCase("no TTL at all on a non-SOA first record", "www IN A 192.0.2.1\n", 1, "no TTL"),
        new SyntaxCase("blank owner with no previous owner", "$TTL 60\n  IN A 192.0.2.1\n", 2, "no previous owner"),
        new SyntaxCase("bad name", HEAD + "a..b IN A 192.0.2.1\n", 5, ""),
        new SyntaxCase("RFC 3597 length mismatch", HEAD + "x IN TYPE65280 \\# 3 0A000001\n", 5, "length mismatch"),
        new SyntaxCase("bad serial inside a multi-line SOA names that line", """
            $TTL 3600
            @ IN SOA ns1 hostmaster (
                     2024x   ; serial
                     7200 3600 1209600 300 )
              IN NS ns1
            """, 3, ""),
        new SyntaxCase("unbalanced parenthesis spoils one record only", HEAD + "www IN A ( 192.0.2.1\n", 5,
            "unbalanced parentheses"),
        new SyntaxCase("unterminated quote", HEAD + "www IN TXT \"abc\nok IN A 192.0.2.2\n", 5, "quoted"),
        new SyntaxCase("error after a multi-line record keeps counting lines", """
            $TTL 3600
            @ IN SOA ns1 hostmaster (
                     1 7200 3600
                     1209600 300 )
              IN NS ns1
            ns1 IN A 192.0.2.1
            bad IN AAAA 192.0.2.1
            """, 7, ""),
        new SyntaxCase("$GENERATE of an unsupported type", HEAD + "$GENERATE 1-3 h$ MX 10 m$\n", 5, "MX"),
        new SyntaxCase("$GENERATE with a bad range", HEAD + "$GENERATE 5-1 h$ A 192.0.2.$\n", 5, "range"),
        new SyntaxCase("$GENERATE too large", HEAD + "$GENERATE 0-4294967295 h$ A 192.0.2.1\n", 5,
            "more than"),
        new SyntaxCase("relative $INCLUDE in in-memory text", HEAD + "$INCLUDE other.inc\n", 5, "in-memory"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("syntaxErrors")
  void syntaxErrorNamesLine(SyntaxCase c) {
    List<ZoneProblem> problems = ZoneFileLoader.check(c.text(), "s.zone", ORIGIN);
    if (c.line() < 0) {
      assertThat(problems).isEmpty();
      return;
    }
    assertThat(problems).as("problems").isNotEmpty();
    ZoneProblem p = problems.get(0);
    assertThat(p).extracting(ZoneProblem::file, ZoneProblem::line, ZoneProblem::error)
        .containsExactly("s.zone", c.line(), true);
    assertThat(p.message()).contains(c.fragment());
  }

  @Test
  void everySyntaxErrorIsReportedAndTheZoneNotBuilt() {
    String text = HEAD + "a IN A 1.2.3.400\nb IN A 192.0.2.5\nc IN MX x y\n";
    assertThatThrownBy(() -> ZoneFileLoader.load(text, "m.zone", ORIGIN))
        .isInstanceOfSatisfying(ZoneLoadException.class, e -> {
          assertThat(e.problems()).extracting(ZoneProblem::line).containsExactly(5, 7);
          assertThat(e.getMessage()).contains("m.zone:5: error:", "m.zone:7: error:");
        });
  }

  @Test
  void loadsAMultiLineSoaAndBuildsTheZone() throws Exception {
    String text = """
        $ORIGIN example.com.
        $TTL 1h
        @   IN  SOA ns1.example.com. hostmaster.example.com. (
                2024010101 ; serial
                2h         ; refresh
                1h         ; retry
                2w         ; expire
                5m )       ; minimum
            IN  NS  ns1
        ns1     A   192.0.2.1
        www 300 A   192.0.2.80
        """;
    Zone zone = ZoneFileLoader.load(new StringReader(text), "demo", ORIGIN);
    assertThat(zone.serial()).isEqualTo(2024010101L);
    assertThat(zone.soa().getTTL()).isEqualTo(3600);
    assertThat(zone.soa().getMinimum()).isEqualTo(300);
    assertThat(zone.node(Name.fromString("www.example.com.")).get(Type.A).ttl()).isEqualTo(300);
  }

  @Test
  void soaWithoutTtlTakesMinimumAndSetsTheDefault() throws Exception {
    Zone zone = ZoneFileLoader.load("@ IN SOA ns1 h 1 2 3 4 120\n IN NS ns1\nns1 A 192.0.2.1\n", "x", ORIGIN);
    assertThat(zone.soa().getTTL()).isEqualTo(120);
    assertThat(zone.node(Name.fromString("ns1.example.com.")).get(Type.A).ttl()).isEqualTo(120);
  }

  @Test
  void generateExpandsEveryRecord() throws Exception {
    Zone zone = ZoneFileLoader.load(HEAD + "$GENERATE 10-30/10 host-$ A 198.51.100.$\n", "g", ORIGIN);
    for (int i = 10; i <= 30; i += 10) {
      RecordSet a = zone.node(Name.fromString("host-" + i + ".example.com.")).get(Type.A);
      assertThat(a.records()).singleElement()
          .extracting(r -> ((ARecord) r).getAddress().getHostAddress()).isEqualTo("198.51.100." + i);
    }
    assertThat(zone.node(Name.fromString("host-15.example.com."))).isNull();
  }

  @Test
  void rfc3597UnknownAndKnownTypesInGenericForm() throws Exception {
    Zone zone = ZoneFileLoader.load(HEAD + "x IN TYPE65280 \\# 4 0A000001\ny IN A \\# 4 C0000202\n", "u", ORIGIN);
    Record unknown = zone.node(Name.fromString("x.example.com.")).get(65280).records().get(0);
    assertThat(unknown).isInstanceOf(UNKRecord.class);
    assertThat(unknown.rdataToWireCanonical()).containsExactly(10, 0, 0, 1);
    Record a = zone.node(Name.fromString("y.example.com.")).get(Type.A).records().get(0);
    assertThat(((ARecord) a).getAddress().getHostAddress()).isEqualTo("192.0.2.2");
  }

  @Test
  void includeIsRelativeToTheIncludingFile() throws Exception {
    Path zones = Files.createDirectories(dir.resolve("zones"));
    Files.createDirectories(zones.resolve("inc/deeper"));
    Files.writeString(zones.resolve("main.zone"), HEAD + "$INCLUDE inc/hosts.inc\nafter IN A 192.0.2.99\n");
    // Relative to inc/, not to zones/ nor the CWD; its own $ORIGIN does not leak back.
    Files.writeString(zones.resolve("inc/hosts.inc"), "$ORIGIN hosts.example.com.\nh1 IN A 192.0.2.11\n"
        + "$INCLUDE deeper/more.inc\n");
    Files.writeString(zones.resolve("inc/deeper/more.inc"), "h2 IN A 192.0.2.12\n");
    ZoneFileLoader.Loaded loaded = ZoneFileLoader.loadWithWarnings(zones.resolve("main.zone"), ORIGIN);
    Zone zone = loaded.zone();
    assertThat(loaded.files()).containsExactly(zones.resolve("main.zone"),
        zones.toAbsolutePath().resolve("inc/hosts.inc"), zones.toAbsolutePath().resolve("inc/deeper/more.inc"));
    assertThat(zone.node(Name.fromString("h1.hosts.example.com."))).isNotNull();
    assertThat(zone.node(Name.fromString("h2.hosts.example.com."))).isNotNull();
    assertThat(zone.node(Name.fromString("after.example.com."))).isNotNull();
  }

  @Test
  void includeWithOriginArgumentAndErrorsNamingTheIncludedFile() throws Exception {
    Files.writeString(dir.resolve("main.zone"), HEAD + "$INCLUDE sub.inc sub\n");
    Files.writeString(dir.resolve("sub.inc"), "a IN A 192.0.2.1\nb IN A 192.0.2.999\nc IN CNAME a\nc IN A 192.0.2.3\n");
    List<ZoneProblem> problems = ZoneFileLoader.check(dir.resolve("main.zone"), ORIGIN);
    assertThat(problems).hasSize(2);
    assertThat(problems).allSatisfy(p -> assertThat(p.file()).endsWith("sub.inc"));
    assertThat(problems).extracting(ZoneProblem::line).containsExactly(2, 4);
    assertThat(problems.get(1).message()).contains("c.sub.example.com.");
  }

  @Test
  void relativeOriginAppendsAndIncludeStateDoesNotLeak() throws Exception {
    Files.writeString(dir.resolve("main.zone"), HEAD + "$INCLUDE ttl.inc\nafter IN A 192.0.2.7\n"
        + "$ORIGIN lab\nbox IN A 192.0.2.8\n");
    Files.writeString(dir.resolve("ttl.inc"), "$TTL 60\n$ORIGIN elsewhere.example.com.\nin IN A 192.0.2.6\n");
    Zone zone = ZoneFileLoader.load(dir.resolve("main.zone"), ORIGIN);
    assertThat(zone.node(Name.fromString("in.elsewhere.example.com.")).get(Type.A).ttl()).isEqualTo(60);
    assertThat(zone.node(Name.fromString("after.example.com.")).get(Type.A).ttl()).isEqualTo(3600);
    assertThat(zone.node(Name.fromString("box.lab.example.com."))).isNotNull();
  }

  @Test
  void includeLoopIsReported() throws Exception {
    Files.writeString(dir.resolve("a.zone"), HEAD + "$INCLUDE b.inc\n");
    Files.writeString(dir.resolve("b.inc"), "x IN A 192.0.2.1\n$INCLUDE a.zone\n");
    List<ZoneProblem> problems = ZoneFileLoader.check(dir.resolve("a.zone"), ORIGIN);
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.file()).endsWith("b.inc");
      assertThat(p.line()).isEqualTo(2);
      assertThat(p.message()).contains("loop");
    });
  }

  @Test
  void includeDepthIsLimited() throws Exception {
    int files = MasterFileParser.MAX_INCLUDE_DEPTH + 3;
    Files.writeString(dir.resolve("main.zone"), HEAD + "$INCLUDE i1.inc\n");
    for (int i = 1; i <= files; i++) {
      Files.writeString(dir.resolve("i" + i + ".inc"), "h" + i + " IN A 192.0.2.1\n$INCLUDE i" + (i + 1) + ".inc\n");
    }
    List<ZoneProblem> problems = ZoneFileLoader.check(dir.resolve("main.zone"), ORIGIN);
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.file()).endsWith("i" + MasterFileParser.MAX_INCLUDE_DEPTH + ".inc");
      assertThat(p.message()).contains("deeper than");
    });
  }

  @Test
  void missingIncludeNamesTheIncludingLine() throws Exception {
    Files.writeString(dir.resolve("main.zone"), HEAD + "$INCLUDE nowhere.inc\n");
    List<ZoneProblem> problems = ZoneFileLoader.check(dir.resolve("main.zone"), ORIGIN);
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.file()).endsWith("main.zone");
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.message()).contains("cannot read", "nowhere.inc", "no such file");
    });
  }

  @Test
  void unreadableFilesGiveAProblemNotAnException() throws Exception {
    Path missing = dir.resolve("missing.zone");
    assertThat(ZoneFileLoader.check(missing, ORIGIN)).first()
        .satisfies(p -> assertThat(p.toString()).startsWith(missing + ":0: error: cannot read"));
    assertThat(ZoneFileLoader.check(dir, ORIGIN)).first()
        .satisfies(p -> assertThat(p.message()).contains("is a directory"));
    assertThatThrownBy(() -> ZoneFileLoader.load(missing, ORIGIN)).isInstanceOf(ZoneLoadException.class);
  }

  @Test
  void bytesThatAreNotAsciiSurviveInTxt() throws Exception {
    Files.write(dir.resolve("u.zone"), (HEAD + "t IN TXT \"caf\u00e9\"\r\nbin IN TXT \"\\255\"\r\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Zone zone = ZoneFileLoader.load(dir.resolve("u.zone"), ORIGIN);
    Node t = zone.node(Name.fromString("t.example.com."));
    byte[] wire = t.get(Type.TXT).records().get(0).rdataToWireCanonical();
    assertThat(wire).containsExactly(5, 'c', 'a', 'f', 0xC3 - 256, 0xA9 - 256);
    Node bin = zone.node(Name.fromString("bin.example.com."));
    assertThat(bin.get(Type.TXT).records().get(0).rdataToWireCanonical()).containsExactly(1, 255 - 256);
  }

  @Test
  void warningsDoNotStopTheZone() throws Exception {
    ZoneFileLoader.Loaded loaded = ZoneFileLoader.loadWithWarnings(write("w.zone",
        HEAD + "www 60 IN A 192.0.2.3\nwww 120 IN A 192.0.2.4\n"), ORIGIN);
    assertThat(loaded.zone().node(Name.fromString("www.example.com.")).get(Type.A).records()).hasSize(2);
    assertThat(loaded.warnings()).singleElement().extracting(ZoneProblem::line).isEqualTo(6);
  }

  @Test
  void guessOriginPrefersTheFirstOriginDirective() throws IOException {
    assertThat(ZoneFileLoader.guessOrigin(write("x.zone", "; hi\n$ORIGIN example.org.\n$ORIGIN b.example.org.\n")))
        .isEqualTo(Name.fromString("example.org."));
    assertThat(ZoneFileLoader.guessOrigin(write("example.net.zone", HEAD))).isEqualTo(Name.fromString("example.net."));
    assertThat(ZoneFileLoader.guessOrigin(write("example.info", HEAD))).isEqualTo(Name.fromString("example.info."));
    assertThat(ZoneFileLoader.guessOrigin(dir.resolve("absent.example.zone")))
        .isEqualTo(Name.fromString("absent.example."));
  }

  @Test
  void soaRecordIsTheParsedOne() throws Exception {
    Zone zone = ZoneFileLoader.load(write("s.zone", HEAD), ORIGIN);
    SOARecord soa = zone.soa();
    assertThat(soa.getHost()).isEqualTo(Name.fromString("ns1.example.com."));
    assertThat(soa.getAdmin()).isEqualTo(Name.fromString("hostmaster.example.com."));
  }

  /** A zone large enough that {@link ZoneFileLoader} builds it on a second thread beside the checks. */
  private static String largeZone(String extra) {
    StringBuilder sb = new StringBuilder(HEAD);
    for (int i = 0; i < ZoneFileLoader.CONCURRENT_BUILD_RECORDS; i++) {
      sb.append("h").append(i).append(" IN A 192.0.2.").append(i % 250 + 1).append('\n');
    }
    return sb.append(extra).toString();
  }

  @Test
  void largeZoneBuiltBesideTheChecksHasEveryName() throws Exception {
    ZoneFileLoader.Loaded loaded = ZoneFileLoader.loadWithWarnings(write("big.zone",
        largeZone("www 60 IN A 192.0.2.3\nwww 120 IN A 192.0.2.4\n")), ORIGIN);
    Zone zone = loaded.zone();
    assertThat(zone.recordCount()).isEqualTo(ZoneFileLoader.CONCURRENT_BUILD_RECORDS + 5);
    for (int i = 0; i < ZoneFileLoader.CONCURRENT_BUILD_RECORDS; i += 997) {
      assertThat(zone.node(Name.fromString("h" + i + ".example.com.")).get(Type.A).records()).hasSize(1);
    }
    assertThat(loaded.warnings()).singleElement().extracting(ZoneProblem::line)
        .isEqualTo(ZoneFileLoader.CONCURRENT_BUILD_RECORDS + 6);
  }

  @Test
  void largeZoneWithAnErrorIsRefusedThoughItWasBuilt() throws IOException {
    Path file = write("bad-big.zone", largeZone("h7 IN CNAME www\n"));
    assertThatThrownBy(() -> ZoneFileLoader.load(file, ORIGIN))
        .isInstanceOf(ZoneLoadException.class)
        .satisfies(e -> assertThat(((ZoneLoadException) e).problems()).singleElement()
            .satisfies(p -> {
              assertThat(p.error()).isTrue();
              assertThat(p.line()).isEqualTo(ZoneFileLoader.CONCURRENT_BUILD_RECORDS + 5);
              assertThat(p.message()).contains("CNAME and other data");
            }));
  }

  @Test
  void largeZoneTheBuilderRefusesIsAnErrorNotACrash() throws IOException {
    // No SOA: the checks report it, and the builder (running beside them) throws; one error.
    Path file = write("nosoa-big.zone", largeZone("").replace("@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n", ""));
    assertThatThrownBy(() -> ZoneFileLoader.load(file, ORIGIN))
        .isInstanceOf(ZoneLoadException.class)
        .satisfies(e -> assertThat(((ZoneLoadException) e).problems())
            .extracting(ZoneProblem::message)
            .anySatisfy(m -> assertThat(m).contains("no SOA"))
            .noneSatisfy(m -> assertThat(m).contains("cannot build")));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
