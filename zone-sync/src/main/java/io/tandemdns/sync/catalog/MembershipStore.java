package io.tandemdns.sync.catalog;

import io.tandemdns.sync.files.AtomicFiles;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The consumer's membership on disk ({@code <state-dir>/catalog-members.state}): which member
 * came from which catalog under which unique label, and removed members whose persisted copies
 * wait for their grace period to end. Written atomically after every change, read at start, so
 * members are served from their copies before any catalog primary answers.
 *
 * <p>One line per entry, fields separated by one space, the group URL-encoded:
 * {@code member <zone> <catalog> <unique> <group|->} and
 * {@code removed <zone> <catalog> <unique> <group|-> <delete-at-epoch-millis>}.
 */
public final class MembershipStore {
  public static final String FILE = "catalog-members.state";
  private static final String HEADER = "# tandem catalog membership v1";

  /** What the file holds. */
  public record State(Map<Name, Membership.Owner> owners, Map<Name, Removed> removed) {
    public static final State EMPTY = new State(Map.of(), Map.of());

    public State {
      owners = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(owners));
      removed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(removed));
    }
  }

  /** A removed member: who owned it, and when its persisted copy is deleted. */
  public record Removed(Membership.Owner owner, Instant deleteAt) {}

  private final Path file;

  public MembershipStore(Path stateDir) {
    this.file = stateDir.resolve(FILE);
  }

  public Path file() {
    return file;
  }

  /** The saved state; empty when there is no file. A damaged file is an error, never guessed at. */
  public State load() throws IOException {
    if (!Files.exists(file)) {
      return State.EMPTY;
    }
    Map<Name, Membership.Owner> owners = new LinkedHashMap<>();
    Map<Name, Removed> removed = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(" ");
      try {
        if (f[0].equals("member") && f.length == 5) {
          owners.put(name(f[1]), owner(f));
        } else if (f[0].equals("removed") && f.length == 6) {
          removed.put(name(f[1]), new Removed(owner(f), Instant.ofEpochMilli(Long.parseLong(f[5]))));
        } else {
          throw new IOException(file + ":" + lineNo + ": not a membership line: " + line);
        }
      } catch (TextParseException | NumberFormatException e) {
        throw new IOException(file + ":" + lineNo + ": " + e.getMessage(), e);
      }
    }
    return new State(owners, removed);
  }

  public void save(State state) throws IOException {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    state.owners().forEach((zone, o) -> line(sb.append("member "), zone, o).append('\n'));
    state.removed().forEach((zone, r) -> line(sb.append("removed "), zone, r.owner()).append(' ')
        .append(r.deleteAt().toEpochMilli()).append('\n'));
    AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static StringBuilder line(StringBuilder sb, Name zone, Membership.Owner o) {
    return sb.append(zone).append(' ').append(o.catalog()).append(' ').append(o.unique()).append(' ')
        .append(o.group() == null ? "-" : URLEncoder.encode(o.group(), StandardCharsets.UTF_8));
  }

  /** Fields 1..4 of a line: zone, catalog, unique label, group. */
  private static Membership.Owner owner(String[] f) throws TextParseException {
    String group = f[4].equals("-") ? null : URLDecoder.decode(f[4], StandardCharsets.UTF_8);
    return new Membership.Owner(name(f[2]), f[3], group);
  }

  private static Name name(String text) throws TextParseException {
    return Name.fromString(text, Name.root);
  }
}
