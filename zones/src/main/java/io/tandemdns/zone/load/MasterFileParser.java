package io.tandemdns.zone.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Generator;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TTL;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.Type;

/**
 * Reads RFC 1035 §5 master files into {@link LocatedRecord}s, collecting every syntax error
 * instead of stopping at the first.
 *
 * <p>Why not {@code org.xbill.DNS.Master} directly: its tokenizer is private, so a returned record
 * cannot be tied to its line, and after a syntax error it resumes mid-entry. This class splits the
 * text into entries itself ({@link Entry}), handles the directives with Master's semantics, and
 * hands each record to dnsjava ({@link Tokenizer}, {@link Record#fromString}, {@link Generator}),
 * so every type dnsjava knows and RFC 3597 {@code TYPEnnn \# len hex} work unchanged.
 *
 * <p>Differences from Master, all to match BIND and RFC 1035 §5.1: a relative {@code $ORIGIN} is
 * relative to the current origin; a record without TTL takes {@code $TTL}, else the last explicit
 * TTL; {@code $INCLUDE} is resolved against the including file's directory, and the includer's
 * origin, owner and $TTL are restored after it.
 */
final class MasterFileParser {
  /** Includes nested deeper than this are refused (also stops loops through symlinks). */
  static final int MAX_INCLUDE_DEPTH = 16;
  /** $GENERATE could otherwise expand one line into 2^32 records. */
  static final long MAX_GENERATED = 1_000_000;
  /** Average line of a large generated or provider-exported zone (for presizing only). */
  private static final int TYPICAL_LINE_BYTES = 32;

  /** dnsjava's Tokenizer prefixes its messages with "{@code <none>:line: }" for streams. */
  private static final Pattern TOKENIZER_MESSAGE = Pattern.compile("^<none>:(\\d+): (.*)$", Pattern.DOTALL);

  private final ParsedRecords records = new ParsedRecords();
  private final List<ZoneProblem> problems = new ArrayList<>();
  /** Real paths of the files being read, outermost first, to name an include loop. */
  private final Deque<Path> includeStack = new ArrayDeque<>();
  private final List<Path> filesRead = new ArrayList<>();
  private long generated;

  /** Null: every entry goes through Tokenizer (tests compare both paths). */
  private final PlainRecordParser plain;

  MasterFileParser() {
    this(true);
  }

  /** @param fastPath use {@link PlainRecordParser} for the lines it accepts */
  MasterFileParser(boolean fastPath) {
    this.plain = fastPath ? new PlainRecordParser() : null;
  }

  /** Per-file parsing state; an $INCLUDE gets a copy, and the includer's is untouched. */
  static final class State {
    Name origin;
    long defaultTtl = -1;
    long lastTtl = -1;
    Name lastOwner;
    /** The last owner text converted, its origin and result (records of a name come in runs). */
    private String ownerText;
    private Name ownerOrigin;
    private Name ownerName;

    State(Name origin) {
      this.origin = origin;
    }

    State copy() {
      State s = new State(origin);
      s.defaultTtl = defaultTtl;
      s.lastTtl = lastTtl;
      s.lastOwner = lastOwner;
      return s;
    }

    /**
     * {@code Name.fromString(text, origin)}, reusing the previous result for the same text and
     * origin: one Name object per run of lines with the same owner saves its parse and, in a
     * large zone, tens of MB of identical names (Name is immutable, so sharing is safe).
     */
    Name ownerName(String text) throws TextParseException {
      if (origin != ownerOrigin || !text.equals(ownerText)) {
        Name name = Name.fromString(text, origin);
        ownerText = text;
        ownerOrigin = origin;
        ownerName = name;
      }
      return ownerName;
    }
  }

  List<LocatedRecord> records() {
    return records;
  }

  /**
   * Drops the parsed records (problems and files read stay): once the checks are done, a large
   * zone's 1M records' lines and files (~12 MB) need not stay live while its build finishes.
   */
  void releaseRecords() {
    records.clear();
  }

  List<ZoneProblem> problems() {
    return problems;
  }

  /** Every file read, the top one first then $INCLUDEs in order, for reload change detection. */
  List<Path> filesRead() {
    return filesRead;
  }

  /** Parses a file; an unreadable file is reported as {@code file:0}, never thrown. */
  void parseFile(Path file, Name origin) {
    parseFile(file, file.toString(), new State(origin), 0, null);
  }

  /**
   * Parses in-memory text. {@code $INCLUDE} of a relative path is refused: there is no directory
   * to resolve it against.
   */
  void parseText(String text, String sourceName, Name origin) {
    // Tokenizer works on bytes (one char per byte); keep UTF-8 bytes as a file would have them.
    try {
      parseEntries(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), sourceName, null,
          new State(origin), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
  }

  /**
   * A file's raw bytes (each is one char to dnsjava's Tokenizer), read in {@link Entry}'s chunks:
   * Files.readAllBytes reads through a JDK temporary direct buffer as large as the file, which the
   * JDK then keeps for the thread (32 MB of RSS for a 1M-record zone).
   */
  static InputStream openFile(Path file) throws IOException {
    return Files.newInputStream(file);
  }

  private void parseFile(Path file, String name, State state, int depth, LocatedRecord includedFrom) {
    Path real;
    long size;
    try {
      if (Files.isDirectory(file)) {
        throw new IOException("is a directory");
      }
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        // A device or FIFO (/dev/zero, /dev/stdin) would never end or never return.
        throw new IOException("not a regular file");
      }
      real = file.toRealPath();
      size = Files.size(file);
    } catch (IOException | SecurityException e) {
      cannotRead(file, name, includedFrom, e);
      return;
    }
    if (includeStack.contains(real)) {
      problems.add(includedFrom.error("$INCLUDE loop: " + file + " is already being read"));
      return;
    }
    includeStack.push(real);
    filesRead.add(file);
    if (depth == 0) {
      // Room for about one record per typical 32-byte line up front: growing the arrays of 1M
      // records copies them ~20 times, and each large copy is allocated in the old generation.
      records.ensureCapacity((int) Math.min(size / TYPICAL_LINE_BYTES, MAX_GENERATED));
    }
    try (InputStream in = openFile(file)) {
      parseEntries(in, name, file.toAbsolutePath().getParent(), state, depth);
    } catch (IOException | SecurityException e) {
      // Mid-file: the error stops the zone's build; what was read is still checked and reported.
      cannotRead(file, name, includedFrom, e);
    } finally {
      includeStack.pop();
    }
  }

  private void cannotRead(Path file, String name, LocatedRecord includedFrom, Exception e) {
    String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
    ZoneProblem p = new ZoneProblem(name, 0, "cannot read " + file + ": " + why, true);
    problems.add(includedFrom == null ? p : includedFrom.error("$INCLUDE " + p.message()));
  }

  private void parseEntries(InputStream text, String file, Path dir, State state, int depth) throws IOException {
    // Entry by entry, not a list of them first: a large zone's entries would all be live at once.
    Entry.split(text, entry -> {
      parseEntry(entry, file, dir, state, depth);
      return true;
    });
  }

  private void parseEntry(Entry entry, String file, Path dir, State state, int depth) {
    if (entry.unclosed()) {
      problems.add(new ZoneProblem(file, entry.line(),
          "unbalanced parentheses: '(' not closed before the end of the file", true));
      return;
    }
    Record fast = plain == null ? null : plain.parse(entry.text(), state);
    if (fast != null) {
      records.add(fast, file, entry.line());
      return;
    }
    Tokenizer st = tokenizer(entry.text());
    try {
      parseEntry(st, entry, file, dir, state, depth);
    } catch (IOException | RuntimeException e) {
      // RuntimeException: dnsjava signals bad names, types, TTLs with IllegalArgumentException
      // subclasses; any of them is one bad entry, not a reason to stop reading.
      problems.add(problem(file, entry.line(), e));
    } finally {
      st.close();
    }
  }

  private void parseEntry(Tokenizer st, Entry entry, String file, Path dir, State state, int depth)
      throws IOException {
    Tokenizer.Token first = st.get(true, false);
    Name owner;
    if (first.type() == Tokenizer.WHITESPACE) {
      Tokenizer.Token next = st.get();
      if (next.type() == Tokenizer.EOL || next.type() == Tokenizer.EOF) {
        return; // blank or comment-only line
      }
      st.unget();
      if (state.lastOwner == null) {
        throw st.exception("record without owner name and no previous owner");
      }
      owner = state.lastOwner;
    } else if (first.type() == Tokenizer.EOL || first.type() == Tokenizer.EOF) {
      return;
    } else if (first.type() == Tokenizer.IDENTIFIER && first.value().startsWith("$")) {
      directive(first.value(), st, entry, file, dir, state, depth);
      return;
    } else {
      owner = state.ownerName(first.value());
    }
    state.lastOwner = owner;
    TtlClassType tct = ttlClassType(st, state);
    Record r = Record.fromString(owner, tct.type, tct.dclass, Math.max(tct.ttl, 0), st, state.origin);
    if (tct.ttl < 0) {
      // BIND and Master: a first SOA without TTL takes its MINIMUM, which becomes the default.
      SOARecord soa = (SOARecord) r;
      long ttl = soa.getMinimum();
      r = new SOARecord(owner, soa.getDClass(), ttl, soa.getHost(), soa.getAdmin(), soa.getSerial(),
          soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
      state.defaultTtl = ttl;
      problems.add(new ZoneProblem(file, entry.line(), "no TTL specified; using SOA MINIMUM " + ttl, false));
    }
    records.add(r, file, entry.line());
  }

  private record TtlClassType(long ttl, int dclass, int type) {}

  /**
   * Parses "[ttl] [class] type" in either order (RFC 1035 §5.1). A TTL of -1 means "none given,
   * SOA MINIMUM applies", allowed only for an SOA when no default exists.
   */
  private static TtlClassType ttlClassType(Tokenizer st, State state) throws IOException {
    long ttl = -1;
    int dclass = -1;
    String s = st.getString();
    for (int i = 0; i < 2; i++) {
      if (dclass < 0 && DClass.value(s) >= 0) {
        dclass = DClass.value(s);
        s = st.getString();
      } else if (ttl < 0 && !s.isEmpty() && Character.isDigit(s.charAt(0))) {
        try {
          ttl = TTL.parseTTL(s);
        } catch (NumberFormatException e) {
          throw st.exception("invalid TTL '" + s + "'");
        }
        state.lastTtl = ttl;
        s = st.getString();
      }
    }
    int type = Type.value(s);
    if (type < 0) {
      throw st.exception("unknown type '" + s + "'");
    }
    if (ttl < 0) {
      if (state.defaultTtl >= 0) {
        ttl = state.defaultTtl;
      } else if (state.lastTtl >= 0) {
        ttl = state.lastTtl;
      } else if (type != Type.SOA) {
        throw st.exception("no TTL specified and no $TTL before this record");
      }
    }
    return new TtlClassType(ttl, dclass < 0 ? DClass.IN : dclass, type);
  }

  private void directive(String name, Tokenizer st, Entry entry, String file, Path dir, State state, int depth)
      throws IOException {
    switch (name.toUpperCase(java.util.Locale.ROOT)) {
      case "$ORIGIN" -> {
        state.origin = st.getName(state.origin);
        st.getEOL();
      }
      case "$TTL" -> {
        state.defaultTtl = st.getTTL();
        st.getEOL();
      }
      case "$INCLUDE" -> include(st, entry, file, dir, state, depth);
      case "$GENERATE" -> generate(st, entry, file, state);
      default -> throw st.exception("unknown directive " + name);
    }
  }

  private void include(Tokenizer st, Entry entry, String file, Path dir, State state, int depth)
      throws IOException {
    String target = st.getString();
    State inner = state.copy();
    Tokenizer.Token t = st.get();
    if (t.isString()) {
      inner.origin = Name.fromString(t.value(), state.origin);
      st.getEOL();
    }
    LocatedRecord here = new LocatedRecord(null, file, entry.line());
    if (depth + 1 > MAX_INCLUDE_DEPTH) {
      problems.add(here.error("$INCLUDE nested deeper than " + MAX_INCLUDE_DEPTH + " (loop?)"));
      return;
    }
    Path path;
    try {
      path = Path.of(target);
    } catch (java.nio.file.InvalidPathException e) {
      throw st.exception("invalid $INCLUDE path '" + target + "'");
    }
    if (!path.isAbsolute()) {
      if (dir == null) {
        throw st.exception("$INCLUDE of relative path '" + target + "' from in-memory text");
      }
      // RFC 1035 leaves it open; resolving against the includer (not the CWD) keeps a zone
      // directory movable and is what operators expect.
      path = dir.resolve(path);
    }
    parseFile(path, path.toString(), inner, depth + 1, here);
  }

  private void generate(Tokenizer st, Entry entry, String file, State state) throws IOException {
    String range = st.getIdentifier();
    Matcher m = Pattern.compile("(\\d+)-(\\d+)(?:/(\\d+))?").matcher(range);
    if (!m.matches()) {
      throw st.exception("invalid $GENERATE range '" + range + "'");
    }
    long start;
    long end;
    long step;
    try {
      start = Long.parseLong(m.group(1));
      end = Long.parseLong(m.group(2));
      step = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
    } catch (NumberFormatException e) {
      throw st.exception("invalid $GENERATE range '" + range + "'");
    }
    if (start > end || step <= 0 || end > 0xFFFFFFFFL) {
      throw st.exception("invalid $GENERATE range '" + range + "'");
    }
    String lhs = st.getIdentifier();
    TtlClassType tct = ttlClassType(st, state);
    if (tct.ttl < 0) {
      throw st.exception("no TTL specified and no $TTL before this $GENERATE");
    }
    if (!Generator.supportedType(tct.type)) {
      throw st.exception("$GENERATE does not support " + Type.string(tct.type) + " records");
    }
    String rhs = st.getIdentifier();
    st.getEOL();
    long count = (end - start) / step + 1;
    if (generated + count > MAX_GENERATED) {
      throw st.exception("$GENERATE would create more than " + MAX_GENERATED + " records in this zone");
    }
    generated += count;
    Generator g = new Generator(start, end, step, lhs, tct.type, tct.dclass, tct.ttl, rhs, state.origin);
    for (Record r = g.nextRecord(); r != null; r = g.nextRecord()) {
      records.add(r, file, entry.line());
    }
  }

  private static Tokenizer tokenizer(String text) {
    // A BufferedInputStream is used as is by Tokenizer (any other stream gets an 8 KiB one).
    return new Tokenizer(new EntryStream(escapeNonAscii(text).getBytes(StandardCharsets.ISO_8859_1)));
  }

  /**
   * The bytes of one entry as the BufferedInputStream Tokenizer wants, already filled. Tokenizer
   * reads one byte per call and BufferedInputStream's read() is synchronized: an uncontended lock
   * per byte was the largest single cost of loading a large zone (issue 5). Nothing here is
   * shared between threads.
   */
  private static final class EntryStream extends BufferedInputStream {
    EntryStream(byte[] bytes) {
      super(InputStream.nullInputStream(), 1);
      buf = bytes;
      count = bytes.length;
    }

    @Override
    public int read() {
      return pos < count ? buf[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos >= count) {
        return -1;
      }
      int n = Math.min(len, count - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return count - pos;
    }

    @Override
    public void close() {
      // nothing to release
    }
  }

  /**
   * Rewrites bytes above 0x7F as RFC 1035 §5.1 {@code \DDD} escapes. dnsjava turns text strings
   * back into bytes with the platform charset, which would re-encode them; escaped, they arrive
   * exactly as they were in the file (UTF-8 TXT stays UTF-8).
   */
  static String escapeNonAscii(String text) {
    int n = text.length();
    int i = 0;
    while (i < n && text.charAt(i) < 0x80) {
      i++;
    }
    if (i == n) {
      return text;
    }
    StringBuilder sb = new StringBuilder(n + 16).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < n) {
        char next = text.charAt(++i);
        if (next < 0x80) {
          sb.append(c).append(next);
        } else {
          appendDecimalEscape(sb, next); // "\<byte>" is that byte, same as "\DDD"
        }
      } else if (c >= 0x80) {
        appendDecimalEscape(sb, c);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static void appendDecimalEscape(StringBuilder sb, char b) {
    sb.append('\\').append((char) ('0' + b / 100)).append((char) ('0' + b / 10 % 10)).append((char) ('0' + b % 10));
  }

  /** Turns a dnsjava exception into file:line, the line counted inside a multi-line entry. */
  private static ZoneProblem problem(String file, int entryLine, Exception e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int line = entryLine;
    Matcher m = TOKENIZER_MESSAGE.matcher(msg);
    if (m.matches()) {
      line = entryLine + Integer.parseInt(m.group(1)) - 1;
      msg = m.group(2);
    }
    return new ZoneProblem(file, line, msg, true);
  }
}
