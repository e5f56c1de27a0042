package io.tandemdns.server;

import io.tandemdns.zone.load.ZoneProblem;
import java.nio.file.Path;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * What a load or reload did with one zone.
 *
 * @param serial the serial served afterwards, or -1 when the zone is not served
 * @param records records of the served version (0 when not served)
 * @param millis time spent reading and building
 * @param problems errors (FAILED) or warnings of the new version (LOADED)
 */
public record ZoneOutcome(
    Name origin, Path file, Status status, long serial, int records, long millis, List<ZoneProblem> problems) {

  public enum Status {
    /** A new version is served. */
    LOADED,
    /** The file did not change; the served version stays. */
    UNCHANGED,
    /** The file is broken; the previous version (if any) keeps serving. */
    FAILED
  }

  public ZoneOutcome {
    problems = List.copyOf(problems);
  }
}
