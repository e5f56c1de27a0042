package io.tandemdns.zone.load;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

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
    try {
      split(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), e -> {
        entries.add(e);
        return true;
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return entries;
  }

  /**
   * As {@link #split(String)}, reading {@code in} in chunks and handing each entry to {@code sink}
   * as soon as it is found, until the sink returns false or the input ends. Each byte is one char
   * (ISO-8859-1, as dnsjava's Tokenizer reads it). Streaming rather than reading the file into one
   * String first: a 1M-record zone's text is 32 MB that would live through the whole parse, and
   * so end as old-generation garbage (issue 5). On bytes rather than through a Reader: decoding to
   * chars and compacting each entry back to a Latin-1 String doubled the split's time. CR LF and
   * a lone CR read as LF: Tokenizer mis-handles a CR at the very end of its input.
   */
  static void split(InputStream in, Predicate<Entry> sink) throws IOException {
    byte[] buf = new byte[CHUNK];
    Carry carry = new Carry();
    int line = 1;
    int startLine = 1;
    int depth = 0;
    boolean quoted = false;
    boolean escaped = false;
    boolean comment = false;
    boolean afterCr = false;
    for (int n; (n = in.read(buf)) >= 0; ) {
      int from = 0; // buf[from, i) is text of the current entry not yet in the carry
      for (int i = 0; i < n; i++) {
        byte c = buf[i];
        if (c == '\r') {
          buf[i] = c = '\n';
          afterCr = true;
        } else if (c == '\n' && afterCr) {
          afterCr = false; // the LF of a CR LF, already read as the CR: drop it
          if (from < i) {
            carry.append(buf, from, i);
          }
          from = i + 1;
          continue;
        } else {
          afterCr = false;
        }
        if (escaped) {
          escaped = false;
          if (c == '\n') {
            line++;
          }
          continue;
        }
        if (comment && c != '\n') {
          continue;
        }
        comment = false;
        if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (c == ';' && !quoted) {
          comment = true;
        } else if (c == '(' && !quoted) {
          depth++;
        } else if (c == ')' && !quoted && depth > 0) {
          depth--;
        } else if (c == '\n') {
          quoted = false;
          if (depth == 0) {
            String text = carry.take(buf, from, i);
            from = i + 1;
            if (!add(sink, text, startLine, false)) {
              return;
            }
            startLine = line + 1;
          }
          line++;
        }
      }
      carry.append(buf, from, n);
    }
    // A backslash as the very last character escapes nothing; it stays in the text for dnsjava.
    add(sink, carry.take(buf, 0, 0), startLine, depth > 0);
  }

  private static final int CHUNK = 64 * 1024;

  /** The start of an entry that began in an earlier chunk. */
  private static final class Carry {
    private byte[] bytes = new byte[256];
    private int length;

    void append(byte[] b, int from, int to) {
      int n = to - from;
      if (length + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
      }
      System.arraycopy(b, from, bytes, length, n);
      length += n;
    }

    /** The carried text followed by {@code b[from, to)}; the carry is empty afterwards. */
    String take(byte[] b, int from, int to) {
      if (length == 0) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
      }
      append(b, from, to);
      String s = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      length = 0;
      return s;
    }
  }

  private static boolean add(Predicate<Entry> sink, String text, int line, boolean unclosed) {
    return text.isBlank() || sink.test(new Entry(text, line, unclosed));
  }
}
