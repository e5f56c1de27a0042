package io.tandemdns.zone.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Entries split from a stream in 64 KiB chunks come out as they would from the whole text: an
 * entry, a CR LF, an escape or a comment cut by a chunk boundary is still one.
 */
class EntryTest {
  private static final int CHUNK = 64 * 1024;

  private static List<Entry> stream(String text) throws IOException {
    List<Entry> out = new ArrayList<>();
    Entry.split(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), e -> out.add(e));
    return out;
  }

  /** Filler lines so that {@code tail} starts {@code offset} bytes before the first chunk ends. */
  private static String padTo(int offset) {
    StringBuilder sb = new StringBuilder();
    String line = "a 300 IN A 192.0.2.1\n";
    while (sb.length() + line.length() <= CHUNK - offset) {
      sb.append(line);
    }
    while (sb.length() < CHUNK - offset) {
      sb.insert(0, '\n'); // blank lines are not entries
    }
    return sb.toString();
  }

  @Test
  void entriesLinesAndParenthesesAsInTheText() {
    List<Entry> e = Entry.split("$TTL 300\n\n@ IN SOA ns h ( 1 2\n 3 4 5 ) ; c\nwww A 192.0.2.1 ; (\n");
    assertThat(e).extracting(Entry::line).containsExactly(1, 3, 5);
    assertThat(e.get(1).text()).isEqualTo("@ IN SOA ns h ( 1 2\n 3 4 5 ) ; c");
    assertThat(e.get(2).text()).isEqualTo("www A 192.0.2.1 ; (");
    assertThat(Entry.split("x TXT ( \"a\"\n")).singleElement().satisfies(x -> assertThat(x.unclosed()).isTrue());
  }

  @Test
  void crLfAndLoneCrReadAsLf() {
    assertThat(Entry.split("a A 192.0.2.1\r\nb A 192.0.2.2\rc A 192.0.2.3\r\n"))
        .extracting(Entry::text, Entry::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a A 192.0.2.1", 1),
            org.assertj.core.groups.Tuple.tuple("b A 192.0.2.2", 2),
            org.assertj.core.groups.Tuple.tuple("c A 192.0.2.3", 3));
    assertThat(Entry.split("x TXT ( \"a\"\r\n \"b\" )\r\ny A 192.0.2.1"))
        .extracting(Entry::text).containsExactly("x TXT ( \"a\"\n \"b\" )", "y A 192.0.2.1");
  }

  @Test
  void everyCutOfATrickyTailAcrossTheChunkBoundaryGivesTheSameEntries() throws IOException {
    String tail = "x 300 IN TXT ( \"semi;colon\" \\\r\n \"par)en\" ) ; comment ( with \\\" text\r\n"
        + "y 300 IN A 192.0.2.9\r\n";
    List<Entry> whole = null;
    for (int offset = 0; offset <= tail.length() + 1; offset++) {
      String pad = padTo(offset);
      List<Entry> entries = stream(pad + tail);
      List<Entry> last = entries.subList(entries.size() - 2, entries.size());
      if (whole == null) {
        whole = List.copyOf(last);
        assertThat(whole.get(0).text()).isEqualTo(
            "x 300 IN TXT ( \"semi;colon\" \\\n \"par)en\" ) ; comment ( with \\\" text");
        assertThat(whole.get(1).text()).isEqualTo("y 300 IN A 192.0.2.9");
      }
      int padLines = (int) pad.chars().filter(c -> c == '\n').count();
      assertThat(last).extracting(Entry::text).as("cut at %d", offset)
          .containsExactlyElementsOf(whole.stream().map(Entry::text).toList());
      assertThat(last).extracting(Entry::line).as("cut at %d", offset).containsExactly(padLines + 1, padLines + 3);
      assertThat(entries).hasSize(padLines - (int) pad.lines().filter(String::isBlank).count() + 2);
    }
  }

  @Test
  void anEntryLongerThanAChunkIsOneEntry() throws IOException {
    String big = "t 300 IN TXT ( " + "\"0123456789\"\n ".repeat(20_000) + ")\nu 300 IN A 192.0.2.1\n";
    List<Entry> entries = stream(big);
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).text()).hasSize(big.indexOf(")\n") + 1);
    assertThat(entries.get(1).line()).isEqualTo(20_002);
  }

  @Test
  void aSinkThatDeclinesStopsTheSplit() throws IOException {
    List<Entry> seen = new ArrayList<>();
    Entry.split(new ByteArrayInputStream("a A 192.0.2.1\nb A 192.0.2.2\n".getBytes(StandardCharsets.ISO_8859_1)),
        e -> {
          seen.add(e);
          return false;
        });
    assertThat(seen).extracting(Entry::text).containsExactly("a A 192.0.2.1");
  }
}
