package io.tandemdns.zone.load;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;

/**
 * Loads RFC 1035 master files: parse ({@link MasterFileParser}), validate ({@link ZoneChecks}),
 * build ({@link ZoneBuilder}). A zone with any error is not built; warnings do not stop it.
 */
public final class ZoneFileLoader {
  private ZoneFileLoader() {}

  /**
   * A built zone, the warnings found while loading it (to log), and every file it was read from
   * (the given file first, then each $INCLUDE), so a reload can notice a changed include.
   */
  public record Loaded(Zone zone, List<ZoneProblem> warnings, List<Path> files) {}

  /**
   * Loads, validates and builds a zone from an RFC 1035 master file.
   *
   * @throws ZoneLoadException listing every problem found (errors and warnings) as file:line
   */
  public static Zone load(Path file, Name origin) throws ZoneLoadException {
    return loadWithWarnings(file, origin).zone();
  }

  /** As {@link #load(Path, Name)}, also returning the warnings of a zone that loaded. */
  public static Loaded loadWithWarnings(Path file, Name origin) throws ZoneLoadException {
    MasterFileParser parser = new MasterFileParser();
    parser.parseFile(file, requireAbsolute(origin));
    return finish(parser, origin, file.toString());
  }

  /**
   * Loads in-memory master-file text (tests, the built-in demo zone). {@code $INCLUDE} must use
   * absolute paths here.
   */
  public static Zone load(String text, String sourceName, Name origin) throws ZoneLoadException {
    MasterFileParser parser = new MasterFileParser();
    parser.parseText(text, sourceName, requireAbsolute(origin));
    return finish(parser, origin, sourceName).zone();
  }

  /** Reads {@code reader} to its end, then as {@link #load(String, String, Name)}. */
  public static Zone load(Reader reader, String sourceName, Name origin) throws ZoneLoadException {
    StringBuilder sb = new StringBuilder();
    char[] buf = new char[8192];
    try {
      for (int n; (n = reader.read(buf)) >= 0; ) {
        sb.append(buf, 0, n);
      }
    } catch (IOException e) {
      throw new ZoneLoadException(List.of(new ZoneProblem(sourceName, 0, "cannot read: " + e.getMessage(), true)));
    }
    return load(sb.toString(), sourceName, origin);
  }

  /**
   * Every error and warning in a zone file, in file order, parse problems first; empty when the
   * zone is clean. For {@code tandem check-zone}.
   */
  public static List<ZoneProblem> check(Path file, Name origin) {
    MasterFileParser parser = new MasterFileParser();
    parser.parseFile(file, requireAbsolute(origin));
    return problems(parser, origin, file.toString());
  }

  /** As {@link #check(Path, Name)} for in-memory text. */
  public static List<ZoneProblem> check(String text, String sourceName, Name origin) {
    MasterFileParser parser = new MasterFileParser();
    parser.parseText(text, sourceName, requireAbsolute(origin));
    return problems(parser, origin, sourceName);
  }

  /**
   * The origin a zone file is probably for: its first {@code $ORIGIN}, else the file name without
   * a {@code .zone} suffix, made absolute ({@code example.com.zone} → {@code example.com.}).
   *
   * @throws IllegalArgumentException when neither gives a valid domain name
   */
  public static Name guessOrigin(Path file) {
    Name[] found = new Name[1];
    try (InputStream in = MasterFileParser.openFile(file)) {
      // Streamed, stopping at the first $ORIGIN: a large zone is not read whole twice.
      Entry.split(in, entry -> {
        try {
          Tokenizer st = new Tokenizer(entry.text());
          Tokenizer.Token t = st.get(true, false);
          if (t.type() == Tokenizer.IDENTIFIER && t.value().equalsIgnoreCase("$ORIGIN")) {
            found[0] = st.getName(Name.root);
          }
        } catch (IOException | RuntimeException e) {
          // An unparsable entry is load()'s to report; keep looking.
        }
        return found[0] == null;
      });
    } catch (IOException | RuntimeException e) {
      // Unreadable: fall back to the file name; load() will report the details.
    }
    if (found[0] != null) {
      return found[0];
    }
    Path fileName = file.getFileName();
    String name = fileName == null ? "" : fileName.toString();
    if (name.endsWith(".zone")) {
      name = name.substring(0, name.length() - ".zone".length());
    }
    try {
      return Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("cannot guess a zone origin from file name '" + name + "': "
          + e.getMessage() + "; give the origin explicitly", e);
    }
  }

  private static Name requireAbsolute(Name origin) {
    if (origin == null || !origin.isAbsolute()) {
      throw new IllegalArgumentException("zone origin must be an absolute name: " + origin);
    }
    return origin;
  }

  /** Parse problems, then the checks'. */
  private static List<ZoneProblem> problems(MasterFileParser parser, Name origin, String file) {
    List<ZoneProblem> problems = new ArrayList<>(parser.problems());
    problems.addAll(ZoneChecks.check(parser.records(), origin, file, new ZoneBuilder(origin, parser.records().size())));
    return problems;
  }

  /**
   * From this many records on, {@link ZoneBuilder#build} runs on a second thread while the checks
   * run on this one: both only read the builder's grouping, and each is about a third of a large
   * zone's load (issue 5: 1M records, ~1 s each on this project's 2-core benchmark machine). A
   * small zone is not worth a thread.
   */
  static final int CONCURRENT_BUILD_RECORDS = 50_000;

  private static Loaded finish(MasterFileParser parser, Name origin, String file) throws ZoneLoadException {
    List<LocatedRecord> records = parser.records();
    boolean concurrent = records.size() >= CONCURRENT_BUILD_RECORDS;
    ZoneBuilder builder = new ZoneBuilder(origin, records.size());
    List<ZoneProblem> problems = new ArrayList<>(parser.problems());
    problems.addAll(ZoneChecks.addServable(records, origin, builder));
    FutureTask<Zone> build = new FutureTask<>(builder::build);
    if (concurrent) {
      Thread t = new Thread(build, Thread.currentThread().getName() + "-build");
      t.setDaemon(true);
      t.start();
    }
    problems.addAll(ZoneChecks.checkOwners(records, origin, file, builder));
    // The checks were the last reader of the parsed records (a problem keeps only file and line):
    // drop them before waiting for the build, which holds the records it needs itself.
    parser.releaseRecords();
    boolean broken = problems.stream().anyMatch(ZoneProblem::error);
    Zone zone = null;
    if (!broken || concurrent) {
      // A concurrent build of a broken zone is still awaited, so its memory is free before we return.
      build.run(); // does nothing if the thread has run it
      try {
        zone = awaitBuild(build);
      } catch (ZoneBuildFailure e) {
        // The checks should have caught whatever the builder refuses; never let it escape raw.
        if (!broken) {
          problems.add(new ZoneProblem(file, 0, e.getMessage(), true));
        }
        broken = true;
      }
    }
    if (broken) {
      throw new ZoneLoadException(problems);
    }
    return new Loaded(zone, List.copyOf(problems), List.copyOf(parser.filesRead()));
  }

  private static final class ZoneBuildFailure extends Exception {
    ZoneBuildFailure(String message) {
      super(message, null, false, false);
    }
  }

  /** The built zone; errors (out of memory) propagate, anything else is a ZoneBuildFailure. */
  private static Zone awaitBuild(FutureTask<Zone> build) throws ZoneBuildFailure {
    try {
      return build.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new ZoneBuildFailure("cannot build zone: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZoneBuildFailure("interrupted while building the zone");
    }
  }
}
