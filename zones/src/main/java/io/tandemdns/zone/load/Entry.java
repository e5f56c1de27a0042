package io.tandemdns.zone.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One logical entry of a master file (RFC 1035 §5.1): a directive or a record, which may span
 * several physical lines inside parentheses.
 *
 * @param text the raw text, comments and inner newlines kept, so that dnsjava's Tokenizer sees
 *     exactly what the operator wrote and its line count stays aligned with the file
 * @param line the 1-based line on which the entry starts
 * @param unclosed a '(' was still open at the end of the text (dnsjava does not notice this)
 */
record Entry(String text, int line, boolean unclosed) {

  /**
   * Splits master-file text into entries. Parentheses, quotes, backslash escapes and comments are
   * tracked only to find where an entry ends; the syntax itself is left to dnsjava, which reports
   * unbalanced parentheses or bad quoting for the one entry concerned. A newline inside quotes
   * ends the quote here so that a stray {@code "} spoils one entry, not the rest of the file.
   */
  static List<Entry> split(String text) {
    List<Entry> entries = new ArrayList<>();
    split(text, entries::add);
    return entries;
  }

  /** As {@link #split(String)}, handing each entry to {@code sink} as soon as it is found. */
  static void split(String text, Consumer<Entry> sink) {
    int line = 1;
    int start = 0;
    int startLine = 1;
    int depth = 0;
    boolean quoted = false;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < n) {
        i++;
        if (text.charAt(i) == '\n') {
          line++;
        }
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        while (i + 1 < n && text.charAt(i + 1) != '\n') {
          i++;
        }
      } else if (c == '(' && !quoted) {
        depth++;
      } else if (c == ')' && !quoted && depth > 0) {
        depth--;
      } else if (c == '\n') {
        quoted = false;
        if (depth == 0) {
          add(sink, text.substring(start, i), startLine, false);
          start = i + 1;
          startLine = line + 1;
        }
        line++;
      }
    }
    add(sink, text.substring(start), startLine, depth > 0);
  }

  private static void add(Consumer<Entry> sink, String text, int line, boolean unclosed) {
    if (!text.isBlank()) {
      sink.accept(new Entry(text, line, unclosed));
    }
  }
}
