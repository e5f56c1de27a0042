package io.tandemdns.zone.load;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TTL;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Fast path of {@link MasterFileParser} for the lines that make up nearly all of a large zone: one
 * line, printable ASCII, no escapes or parentheses, and an A, AAAA, NS, CNAME, MX, TXT or PTR
 * record (RFC 1035 §5.1 syntax). Such a line is split on blanks here and the record built with
 * dnsjava's own primitives ({@link Name#fromString}, {@link TTL#parseTTL}, {@link
 * Address#toByteArray}, the record constructors), skipping the general {@code Tokenizer} and the
 * per-type text parsers, which were the top frames of a 1M-record load (issue 5).
 *
 * <p>The rule that keeps both paths identical: this class answers {@code null} for anything it is
 * not sure of — an unusual character, a quote outside TXT, a missing TTL, a token too many, any
 * value dnsjava would reject — and the caller then parses the same text with the general path,
 * which produces the record or the error message exactly as before. State changes (last owner,
 * last TTL) are applied only when a record is returned.
 */
final class PlainRecordParser {
  /** Owner, TTL, class, type and three rdata tokens is the longest non-TXT line accepted. */
  private static final int MAX_TOKENS = 16;

  private final String[] tokens = new String[MAX_TOKENS];
  private final boolean[] quoted = new boolean[MAX_TOKENS];
  private int count;

  /** The record on {@code line}, or null when the general path must parse it. */
  Record parse(String line, MasterFileParser.State state) {
    if (!split(line)) {
      return null;
    }
    try {
      return build(line, state);
    } catch (TextParseException | RuntimeException e) {
      // dnsjava rejected a value: the general path will report it with its usual message.
      return null;
    }
  }

  private Record build(String line, MasterFileParser.State state) throws TextParseException {
    int t = 0;
    Name owner;
    char first = line.charAt(0);
    if (first == ' ' || first == '\t') {
      owner = state.lastOwner;
      if (owner == null || count == 0) {
        return null; // no previous owner (an error), or a blank/comment line
      }
    } else {
      if (quoted[0] || tokens[0].charAt(0) == '$') {
        return null; // a directive
      }
      owner = state.ownerName(tokens[t++]);
    }
    // "[ttl] [class] type" in either order, as MasterFileParser.ttlClassType.
    long ttl = -1;
    int dclass = -1;
    if (t >= count || quoted[t]) {
      return null;
    }
    String s = tokens[t++];
    for (int i = 0; i < 2; i++) {
      if (dclass < 0 && DClass.value(s) >= 0) {
        dclass = DClass.value(s);
      } else if (ttl < 0 && !s.isEmpty() && Character.isDigit(s.charAt(0))) {
        ttl = TTL.parseTTL(s); // NumberFormatException: general path reports "invalid TTL"
      } else {
        continue;
      }
      if (t >= count || quoted[t]) {
        return null;
      }
      s = tokens[t++];
    }
    boolean explicitTtl = ttl >= 0;
    if (!explicitTtl) {
      ttl = state.defaultTtl >= 0 ? state.defaultTtl : state.lastTtl;
      if (ttl < 0) {
        return null; // an error, or an SOA taking its MINIMUM
      }
    }
    if (dclass < 0) {
      dclass = DClass.IN;
    }
    Record r = rdata(Type.value(s), owner, dclass, ttl, t, state.origin);
    if (r != null) {
      state.lastOwner = owner;
      if (explicitTtl) {
        state.lastTtl = ttl;
      }
    }
    return r;
  }

  /** The record from tokens {@code t..count-1}, or null; exactly one record per line. */
  private Record rdata(int type, Name owner, int dclass, long ttl, int t, Name origin)
      throws TextParseException {
    int n = count - t;
    if (type == Type.TXT) {
      if (n == 0) {
        return null;
      }
      List<String> strings = new ArrayList<>(n);
      for (int i = t; i < count; i++) {
        strings.add(tokens[i]);
      }
      return new TXTRecord(owner, dclass, ttl, strings);
    }
    for (int i = t; i < count; i++) {
      if (quoted[i]) {
        return null;
      }
    }
    switch (type) {
      case Type.A, Type.AAAA -> {
        if (n != 1) {
          return null;
        }
        byte[] address = Address.toByteArray(tokens[t], type == Type.A ? Address.IPv4 : Address.IPv6);
        // From the wire form, as dnsjava keeps it: the text parser stores the same bytes.
        return address == null ? null : Record.newRecord(owner, type, dclass, ttl, address);
      }
      case Type.NS, Type.CNAME, Type.PTR -> {
        if (n != 1) {
          return null;
        }
        Name target = absolute(tokens[t], origin);
        if (target == null) {
          return null;
        }
        return switch (type) {
          case Type.NS -> new NSRecord(owner, dclass, ttl, target);
          case Type.CNAME -> new CNAMERecord(owner, dclass, ttl, target);
          default -> new PTRRecord(owner, dclass, ttl, target);
        };
      }
      case Type.MX -> {
        if (n != 2 || !Character.isDigit(tokens[t].charAt(0))) {
          return null;
        }
        long preference = Long.parseLong(tokens[t]); // as Tokenizer.getUInt16
        Name target = absolute(tokens[t + 1], origin);
        if (preference > 0xFFFF || target == null) {
          return null;
        }
        return new MXRecord(owner, dclass, ttl, (int) preference, target);
      }
      default -> {
        return null;
      }
    }
  }

  /** As Tokenizer.getName: relative to the origin, and it must end up absolute. */
  private static Name absolute(String text, Name origin) throws TextParseException {
    Name name = Name.fromString(text, origin);
    return name.isAbsolute() ? name : null;
  }

  /**
   * Splits {@code line} into blank-separated tokens, a {@code "..."} string being one token (TXT
   * only). False for anything Tokenizer treats specially beyond that: escapes, parentheses,
   * control or non-ASCII bytes, a quote inside a word, a newline, too many tokens.
   */
  private boolean split(String line) {
    count = 0;
    int n = line.length();
    int i = 0;
    while (i < n) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (c == ';') {
        return true; // a comment runs to the end of the line
      }
      if (count == MAX_TOKENS) {
        return false;
      }
      int start;
      if (c == '"') {
        start = ++i;
        while (i < n && (c = line.charAt(i)) != '"') {
          if (c < 0x20 || c > 0x7E || c == '\\') {
            return false;
          }
          i++;
        }
        if (i == n) {
          return false; // unterminated
        }
        tokens[count] = line.substring(start, i++);
        quoted[count++] = true;
        if (i < n && (c = line.charAt(i)) != ' ' && c != '\t' && c != ';') {
          return false; // "a"b or "a""b": leave Tokenizer's rules to Tokenizer
        }
        continue;
      }
      start = i;
      while (i < n && (c = line.charAt(i)) != ' ' && c != '\t' && c != ';') {
        if (c <= 0x20 || c > 0x7E || c == '\\' || c == '"' || c == '(' || c == ')') {
          return false;
        }
        i++;
      }
      tokens[count] = line.substring(start, i);
      quoted[count++] = false;
    }
    return true;
  }
}
