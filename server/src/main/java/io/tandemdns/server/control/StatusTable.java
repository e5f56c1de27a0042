package io.tandemdns.server.control;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The readable zone table of {@code tandem status}. */
final class StatusTable {
  private StatusTable() {}

  static String render(List<ZoneStatus> zones, Instant now) {
    String format = "%-30s %-9s %-11s %10s %8s %9s %9s  %s%n";
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, format,
        "ZONE", "ROLE", "STATE", "SERIAL", "RECORDS", "REFRESHED", "EXPIRES", "SOURCE"));
    for (ZoneStatus z : zones) {
      Long since = z.secondsSinceRefresh(now);
      Long until = z.secondsUntilExpire(now);
      String source = z.file() != null ? z.file() : String.join(", ", z.primaries());
      java.util.Map<String, Object> facts = z.sync() == null ? java.util.Map.of() : z.sync();
      Object catalog = facts.get("catalog");
      if (catalog != null) {
        source += " (catalog " + catalog + ")";
      } else if ("producer".equals(facts.get("catalog_role"))) {
        source = "generated catalog";
      }
      sb.append(String.format(Locale.ROOT, format, z.name(), z.role(), z.state(),
          z.serial() == null ? "-" : z.serial().toString(), z.records() == null ? "-" : z.records().toString(),
          since == null ? "-" : since + "s ago", until == null ? "-" : "in " + until + "s", source));
      for (String p : z.problems()) {
        sb.append("    ! ").append(p).append('\n');
      }
    }
    long bad = zones.stream().filter(z -> !z.healthy()).count();
    sb.append(zones.size()).append(" zone").append(zones.size() == 1 ? "" : "s")
        .append(bad == 0 ? ", all healthy" : ", " + bad + " unhealthy").append('\n');
    return sb.toString();
  }
}
