package io.tandemdns.server.diff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The suite's zone files read with dnsjava's parser, for the one tolerance that needs the
 * ground truth rather than Knot's answer (ANY over TCP, where Knot answers one RRset).
 */
final class ZoneFiles {
  private final List<Record> records = new ArrayList<>();

  ZoneFiles(Map<Name, Path> zones) {
    for (Map.Entry<Name, Path> z : zones.entrySet()) {
      try (Master m = new Master(z.getValue().toString(), z.getKey())) {
        for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
          records.add(r);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + z.getValue(), e);
      }
    }
  }

  /**
   * Every RRset owned by {@code name} in normalized form; for a name that does not exist, the
   * RRsets of the wildcard one level up, renamed (RFC 4592 §3.3.1 with the source one label
   * up, which is all the suite's ANY cases need).
   */
  Set<String> rrsetsAt(Name name) {
    List<Record> at = records.stream().filter(r -> r.getName().equals(name)).toList();
    if (at.isEmpty() && name.labels() > 2) {
      Name wildcard = Name.fromConstantString("*." + new Name(name, 1));
      at = records.stream()
          .filter(r -> r.getName().equals(wildcard))
          .map(r -> r.withName(name))
          .toList();
    }
    return Normalized.rrsets(at);
  }
}
