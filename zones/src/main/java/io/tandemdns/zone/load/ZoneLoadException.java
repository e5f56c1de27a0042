package io.tandemdns.zone.load;

import java.util.List;

/** A zone file that cannot be served; {@link #problems()} names file and line of each error. */
public final class ZoneLoadException extends Exception {
  private final List<ZoneProblem> problems;

  public ZoneLoadException(List<ZoneProblem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  public List<ZoneProblem> problems() {
    return problems;
  }

  private static String summary(List<ZoneProblem> problems) {
    StringBuilder sb = new StringBuilder();
    for (ZoneProblem p : problems) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(p);
    }
    return sb.toString();
  }
}
