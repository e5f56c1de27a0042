package io.tandemdns.sync.journal;

import io.tandemdns.sync.files.AtomicFiles;
import io.tandemdns.zone.diff.DiffChains;
import io.tandemdns.zone.diff.Serial;
import io.tandemdns.zone.diff.ZoneDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.Name;

/**
 * The per-zone history of diffs that IXFR out is served from (RFC 1995 §2, §5): a continuous
 * chain of versions, bounded by entry count and bytes (oldest dropped first), persisted as one
 * file rewritten atomically on each change, verified on load.
 *
 * <p>A damaged file is moved aside ({@code .damaged}) with an error log line and the journal
 * starts empty: a client then gets an AXFR-style answer, never a wrong IXFR. Reads take an
 * immutable snapshot and never block writers.
 */
public final class Journal {
  private static final Logger LOG = LogManager.getLogger(Journal.class);

  /** One kept diff with its encoded bytes, so rewriting never re-encodes old entries. */
  private record Kept(ZoneDiff diff, byte[] encoded) {}

  private final Name origin;
  private final Path file;
  private final JournalLimits limits;
  private volatile List<Kept> entries;

  private Journal(Name origin, Path file, JournalLimits limits, List<Kept> entries) {
    this.origin = origin;
    this.file = file;
    this.limits = limits;
    this.entries = entries;
  }

  /** The journal file of {@code origin} inside {@code stateDir}. */
  public static Path fileFor(Path stateDir, Name origin) {
    return stateDir.resolve(AtomicFiles.fileNameFor(origin) + ".journal");
  }

  /**
   * Opens (loading and verifying) the zone's journal in {@code stateDir}; a missing file is an
   * empty journal, a damaged one is set aside and replaced by an empty journal.
   */
  public static Journal open(Path stateDir, Name origin, JournalLimits limits) throws IOException {
    Path file = fileFor(stateDir, origin);
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new Journal(origin, file, limits, List.of());
    }
    List<Kept> kept = new ArrayList<>();
    try {
      for (JournalFormat.Entry e : JournalFormat.decode(origin, content)) {
        kept.add(new Kept(e.diff(), JournalFormat.encodeEntry(e.diff())));
      }
    } catch (JournalFormat.DamagedException e) {
      Path aside = file.resolveSibling(file.getFileName() + ".damaged");
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      LOG.error("zone {}: journal {} is damaged ({}); discarded (moved to {}), IXFR clients get "
          + "full transfers until new changes are journaled", origin, file, e.getMessage(), aside);
      return new Journal(origin, file, limits, List.of());
    }
    Journal j = new Journal(origin, file, limits, trim(kept, limits));
    if (j.entries.size() != kept.size()) {
      j.persist(j.entries); // the limits shrank since the file was written
    }
    return j;
  }

  /** A journal that lives only in memory (tests, zones without a state directory). */
  public static Journal inMemory(Name origin, JournalLimits limits) {
    return new Journal(origin, null, limits, List.of());
  }

  public Name origin() {
    return origin;
  }

  /**
   * Records the change to a new version. A diff that does not continue the chain (the zone was
   * replaced by an AXFR or reloaded from a file edited behind our back) starts a new chain: the
   * old entries cannot lead to the current version any more.
   *
   * <p>If persisting fails, the in-memory journal is unchanged and the error is thrown; clients
   * then get AXFR-style answers since the chain does not reach the current serial.
   */
  public synchronized void append(ZoneDiff diff) throws IOException {
    if (!diff.oldSoa().getName().equals(origin)) {
      throw new IllegalArgumentException("diff for " + diff.oldSoa().getName() + " in journal of " + origin);
    }
    if (!Serial.isNewer(diff.newSerial(), diff.oldSerial())) {
      throw new IllegalArgumentException(
          "zone " + origin + ": journal diffs must increase the serial (RFC 1982): " + diff);
    }
    List<Kept> next = new ArrayList<>(entries);
    if (!next.isEmpty() && next.get(next.size() - 1).diff().newSerial() != diff.oldSerial()) {
      LOG.warn("zone {}: {} does not continue the journal (last serial {}); starting a new chain",
          origin, diff, next.get(next.size() - 1).diff().newSerial());
      next.clear();
    }
    next.add(new Kept(diff, JournalFormat.encodeEntry(diff)));
    List<Kept> trimmed = trim(next, limits);
    persist(trimmed);
    entries = trimmed;
  }

  /** Drops all history (e.g. the zone was removed or replaced wholesale). */
  public synchronized void clear() throws IOException {
    if (file != null) {
      Files.deleteIfExists(file);
    }
    entries = List.of();
  }

  /**
   * The diffs leading from {@code serial} to the newest journaled version, or empty when the
   * journal does not reach back to {@code serial} (the caller then sends an AXFR-style answer).
   */
  public Optional<List<ZoneDiff>> chainFrom(long serial) {
    List<Kept> snapshot = entries;
    for (int i = 0; i < snapshot.size(); i++) {
      if (snapshot.get(i).diff().oldSerial() == serial) {
        return Optional.of(snapshot.subList(i, snapshot.size()).stream().map(Kept::diff).toList());
      }
    }
    return Optional.empty();
  }

  /** Like {@link #chainFrom(long)}, but only if the chain ends exactly at {@code toSerial}. */
  public Optional<List<ZoneDiff>> chainFrom(long serial, long toSerial) {
    return chainFrom(serial)
        .filter(c -> c.get(c.size() - 1).newSerial() == toSerial);
  }

  /** The chain from {@code serial} condensed into one diff (RFC 1995 §5). */
  public Optional<ZoneDiff> condensedFrom(long serial) {
    return chainFrom(serial).map(DiffChains::condense);
  }

  /** Serial of the oldest version a chain can start from. */
  public OptionalLong firstSerial() {
    List<Kept> s = entries;
    return s.isEmpty() ? OptionalLong.empty() : OptionalLong.of(s.get(0).diff().oldSerial());
  }

  /** Serial of the newest journaled version. */
  public OptionalLong lastSerial() {
    List<Kept> s = entries;
    return s.isEmpty() ? OptionalLong.empty() : OptionalLong.of(s.get(s.size() - 1).diff().newSerial());
  }

  public int size() {
    return entries.size();
  }

  /** Bytes the entries take on disk. */
  public long bytes() {
    return bytesOf(entries);
  }

  private static long bytesOf(List<Kept> list) {
    long n = 0;
    for (Kept k : list) {
      n += k.encoded().length;
    }
    return n;
  }

  private static List<Kept> trim(List<Kept> list, JournalLimits limits) {
    int from = 0;
    long bytes = bytesOf(list);
    while (from < list.size() && (list.size() - from > limits.maxEntries() || bytes > limits.maxBytes())) {
      bytes -= list.get(from).encoded().length;
      from++;
    }
    return List.copyOf(list.subList(from, list.size()));
  }

  private void persist(List<Kept> list) throws IOException {
    if (file == null) {
      return;
    }
    if (list.isEmpty()) {
      Files.deleteIfExists(file);
      return;
    }
    AtomicFiles.write(file, JournalFormat.encode(origin, list.stream().map(Kept::encoded).toList()));
  }
}
