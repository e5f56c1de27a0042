package io.tandemdns.zone.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/** Malformed input yields problems, never an exception. */
class HostileInputTest {
  static final Name ORIGIN = Name.fromConstantString("example.com.");

  static Stream<String> garbage() {
    return Stream.of(
        "", "(", ")", "\"", "\\", ";", "$", "$INCLUDE", "$ORIGIN", "$TTL", "$TTL abc", "$ORIGIN a..b",
        "$GENERATE", "$GENERATE 1-2", "$GENERATE 1-2 x", "$GENERATE x-y h$ A 1.2.3.$",
        "$GENERATE 1-3 ${0,3,z} A 192.0.2.$", "@", "@ IN", "@ 99999999999 IN A 1.2.3.4", "@ IN SOA",
        "@ IN SOA ( a b 1 2 3 4 5", "\u0000\u0001\u00ff\n\u0000", "a".repeat(300) + " IN A 1.2.3.4",
        "x IN TXT \"" + "a".repeat(300) + "\"", "x IN TYPE99999 \\# 0", "x CLASS4 A 1.2.3.4",
        "x IN A \\# 70000 00", ") x IN A 1.2.3.4", "$INCLUDE /dev/null", "$INCLUDE /dev/zero", "$INCLUDE /");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("garbage")
  void garbageGivesProblemsNotExceptions(String text) {
    List<ZoneProblem> problems = ZoneFileLoader.check(ZoneChecksTest.HEAD.substring(0, 10) + text + "\n", "h", ORIGIN);
    assertThat(problems).anyMatch(ZoneProblem::error); // at least "no SOA"
    assertThat(problems).allSatisfy(p -> assertThat(p.line()).isBetween(0, 3));
  }

  /** Bounded mutation fuzzing of a valid zone, fixed seed so a failure reproduces. */
  @Test
  void mutatedZonesNeverThrow() {
    String good = ZoneChecksTest.HEAD + "www 300 IN A 192.0.2.1\nm IN MX 10 www\nt IN TXT \"a b\" ( \"c\" )\n"
        + "s IN SRV 0 5 80 www\n$GENERATE 1-3 g$ CNAME www\n";
    String alphabet = "()\";\\$@ .\n\t0123456789aZ#-/*";
    Random random = new Random(20240601);
    for (int i = 0; i < 2000; i++) {
      StringBuilder sb = new StringBuilder(good);
      for (int m = random.nextInt(4) + 1; m > 0; m--) {
        int at = random.nextInt(sb.length());
        switch (random.nextInt(3)) {
          case 0 -> sb.deleteCharAt(at);
          case 1 -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          default -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      String text = sb.toString();
      assertThatCode(() -> {
        try {
          ZoneFileLoader.load(text, "fuzz", ORIGIN);
        } catch (ZoneLoadException expected) {
          assertThat(expected.problems()).anyMatch(ZoneProblem::error);
        }
      }).as("input:\n%s", text).doesNotThrowAnyException();
    }
  }
}
