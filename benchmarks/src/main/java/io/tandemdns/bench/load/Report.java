package io.tandemdns.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the load runner's measurements ({@code zone server metric value} lines, one per round for
 * repeated figures) into the results table: medians of the interleaved rounds, each figure with
 * its ratio to Knot DNS, then the targets as met / missed.
 *
 * <p>Run by {@code benchmarks/run-load.sh}; by hand: {@code java -cp benchmarks/target/benchmarks.jar
 * io.tandemdns.bench.load.Report results.tsv [rounds] [seconds]}.
 */
public final class Report {
  static final String REFERENCE = "knot";

  /** zone → server → metric → values (in the order measured). */
  private final Map<String, Map<String, Map<String, List<String>>>> data = new LinkedHashMap<>();

  Report(List<String> lines) {
    for (String line : lines) {
      String[] f = line.split("\t", 4);
      if (f.length == 4) {
        data.computeIfAbsent(f[0], z -> new LinkedHashMap<>())
            .computeIfAbsent(f[1], s -> new LinkedHashMap<>())
            .computeIfAbsent(f[2], m -> new ArrayList<>())
            .add(f[3]);
      }
    }
  }

  public static void main(String[] args) throws IOException {
    Report r = new Report(Files.readAllLines(Path.of(args[0])));
    String rounds = args.length > 1 ? args[1] : "?";
    String seconds = args.length > 2 ? args[2] : "?";
    System.out.println(r.render(rounds, seconds));
  }

  String render(String rounds, String seconds) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("Medians of %s interleaved rounds x %s s, dnsperf -c 16 -T 2 -q 300; (x) = ratio to Knot.%n",
        rounds, seconds));
    out.append("CPU = server user+system time per answered query. p99 from a separate 4 s dnsperf -v run.\n\n");
    for (String zone : data.keySet()) {
      out.append("### zone ").append(zone).append('\n');
      out.append("| server | UDP qps | TCP qps | UDP CPU us/q | TCP CPU us/q | UDP avg / p99 ms | TCP avg / p99 ms "
          + "| lost UDP / TCP | peak RSS MB | zone load s | AXFR s |\n");
      out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (String server : data.get(zone).keySet()) {
        if (!server.equals("-")) {
          out.append(row(zone, server)).append('\n');
        }
      }
      String base = text(zone, "-", "ol.base");
      if (base != null) {
        out.append("\nOpen-loop rates are percentages of the ").append(base).append(".\n");
      }
      out.append('\n');
      for (String server : data.get(zone).keySet()) {
        String udp = text(zone, server, "rcodes.udp");
        if (udp != null) {
          out.append(String.format("- %s rcodes: UDP %s| TCP %s%n", server, udp, orDash(text(zone, server, "rcodes.tcp"))));
        }
      }
      out.append('\n');
      out.append(openLoop(zone));
    }
    out.append(targets());
    return out.toString();
  }

  private String row(String zone, String server) {
    String missing = text(zone, server, "missing");
    if (missing != null) {
      return "| " + server + " | " + missing + " |  |  |  |  |  |  |  |  |  |";
    }
    List<String> cells = new ArrayList<>();
    cells.add(server);
    cells.add(cell(zone, server, "qps.udp", "%.0f", 1));
    cells.add(cell(zone, server, "qps.tcp", "%.0f", 1));
    cells.add(cell(zone, server, "cpu.udp", "%.2f", 1));
    cells.add(cell(zone, server, "cpu.tcp", "%.2f", 1));
    cells.add(cell(zone, server, "lat.udp", "%.2f", 1) + " / " + cell(zone, server, "p99.udp", "%.2f", 1));
    cells.add(cell(zone, server, "lat.tcp", "%.2f", 1) + " / " + cell(zone, server, "p99.tcp", "%.2f", 1));
    cells.add(lost(zone, server, "udp") + " / " + lost(zone, server, "tcp"));
    cells.add(cell(zone, server, "rss", "%.0f", 1024));
    cells.add(cell(zone, server, "load", "%.2f", 1));
    String axfrNote = text(zone, server, "axfr.note");
    cells.add(axfrNote != null ? axfrNote : cell(zone, server, "axfr", "%.2f", 1));
    return "| " + String.join(" | ", cells) + " |";
  }

  /** The median formatted, with its ratio to Knot's median in the same zone. */
  private String cell(String zone, String server, String metric, String format, double divisor) {
    Double v = median(zone, server, metric);
    if (v == null) {
      return failed(zone, server, metric) ? "failed" : "-";
    }
    String s = String.format(Locale.ROOT, format, v / divisor);
    Double ref = median(zone, REFERENCE, metric);
    if (ref != null && ref != 0 && !server.equals(REFERENCE)) {
      s += String.format(Locale.ROOT, " (%.2fx)", v / ref);
    }
    return s;
  }

  private boolean failed(String zone, String server, String metric) {
    int dot = metric.indexOf('.');
    return dot > 0 && text(zone, server, "fail" + metric.substring(dot)) != null;
  }

  private String lost(String zone, String server, String mode) {
    double lost = sum(zone, server, "lost." + mode);
    double sent = sum(zone, server, "sent." + mode);
    if (sent == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.0f (%.3f%%)", lost, 100 * lost / sent);
  }

  /** Levels (percent of Knot's max) measured for this zone, ascending. */
  private List<String> levels(String zone) {
    Set<String> levels = new java.util.TreeSet<>(java.util.Comparator.comparingInt(Integer::parseInt));
    for (Map<String, List<String>> metrics : data.get(zone).values()) {
      for (String m : metrics.keySet()) {
        if (m.startsWith("ol.") && m.substring(3).chars().allMatch(Character::isDigit)) {
          levels.add(m.substring(3));
        }
      }
    }
    return new ArrayList<>(levels);
  }

  /** One open-loop figure: field {@code i} of "rate achieved sent answered lost p50 p99 p99.9 max". */
  private Double openLoopField(String zone, String server, String level, int i) {
    String v = text(zone, server, "ol." + level);
    if (v == null) {
      return null;
    }
    String[] f = v.split("\t");
    try {
      return i < f.length ? Double.parseDouble(f[i]) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private String openLoop(String zone) {
    List<String> levels = levels(zone);
    if (levels.isEmpty()) {
      return "";
    }
    StringBuilder t = new StringBuilder("Open loop (UDP, fixed rate, latency from intended send time; "
        + "p50 / p99 / p99.9 in us, (x) = p99 ratio to Knot; lost):\n\n| server |");
    for (String l : levels) {
      Double rate = null;
      for (String server : data.get(zone).keySet()) {
        rate = rate != null ? rate : openLoopField(zone, server, l, 0);
      }
      t.append(String.format(Locale.ROOT, " %s %% of Knot max (%.0f qps) |", l, rate == null ? 0 : rate));
    }
    t.append("\n|---|").append("---|".repeat(levels.size())).append('\n');
    for (String server : data.get(zone).keySet()) {
      if (text(zone, server, "missing") != null || server.equals("-")) {
        continue;
      }
      t.append("| ").append(server).append(" |");
      for (String l : levels) {
        Double p50 = openLoopField(zone, server, l, 5);
        Double p99 = openLoopField(zone, server, l, 6);
        Double p999 = openLoopField(zone, server, l, 7);
        Double lost = openLoopField(zone, server, l, 4);
        Double sent = openLoopField(zone, server, l, 2);
        Double ref = openLoopField(zone, REFERENCE, l, 6);
        if (p99 == null) {
          t.append(" - |");
          continue;
        }
        String ratio = ref != null && ref > 0 && !server.equals(REFERENCE)
            ? String.format(Locale.ROOT, " (%.2fx)", p99 / ref) : "";
        t.append(String.format(Locale.ROOT, " %.0f / %.0f%s / %.0f; lost %.0f (%.2f%%) |",
            p50, p99, ratio, p999, lost, sent == null || sent == 0 ? 0 : 100 * lost / sent));
      }
      t.append('\n');
    }
    return t.append('\n').toString();
  }

  private String targets() {
    StringBuilder t = new StringBuilder("### targets (issue 5), Tandem vs Knot/NSD\n");
    for (String zone : data.keySet()) {
      target(t, "CPU per UDP answer <= Knot, zone " + zone, ratio(zone, "tandem", zone, REFERENCE, "cpu.udp"), 1.0, false);
    }
    target(t, "UDP qps (large) >= Knot", ratio("large", "tandem", "large", REFERENCE, "qps.udp"), 1.0, true);
    target(t, "UDP qps (large) >= NSD", ratio("large", "tandem", "large", "nsd", "qps.udp"), 1.0, true);
    for (String zone : data.keySet()) {
      target(t, "TCP qps >= Knot, zone " + zone, ratio(zone, "tandem", zone, REFERENCE, "qps.tcp"), 1.0, true);
    }
    target(t, "UDP qps large >= 0.9 x small (Tandem)", ratio("large", "tandem", "small", "tandem", "qps.udp"), 0.9, true);
    target(t, "1M zone load <= 2x Knot", ratio("large", "tandem", "large", REFERENCE, "load"), 2.0, false);
    target(t, "peak RSS (large) <= 3x Knot", ratio("large", "tandem", "large", REFERENCE, "rss"), 3.0, false);
    String axfrNote = text("large", "tandem", "axfr.note");
    if (axfrNote != null) {
      t.append("- AXFR of 1M records <= 1.5x Knot: not measured, Tandem ").append(axfrNote).append('\n');
    } else {
      target(t, "AXFR of 1M records <= 1.5x Knot", ratio("large", "tandem", "large", REFERENCE, "axfr"), 1.5, false);
    }
    for (String zone : data.keySet()) {
      Double mine = openLoopField(zone, "tandem", "50", 6);
      Double ref = openLoopField(zone, REFERENCE, "50", 6);
      target(t, "open-loop p99 at 50 % of Knot's max <= Knot's, zone " + zone,
          mine == null || ref == null || ref == 0 ? null : mine / ref, 1.0, false);
    }
    return t.toString();
  }

  private static void target(StringBuilder t, String what, Double ratio, double limit, boolean atLeast) {
    if (ratio == null) {
      t.append("- ").append(what).append(": not measured\n");
      return;
    }
    boolean met = atLeast ? ratio >= limit : ratio <= limit;
    t.append(String.format(Locale.ROOT, "- %s: %s (%.2fx)%n", what, met ? "MET" : "MISSED", ratio));
  }

  private Double ratio(String zoneA, String a, String zoneB, String b, String metric) {
    Double va = median(zoneA, a, metric);
    Double vb = median(zoneB, b, metric);
    return va == null || vb == null || vb == 0 ? null : va / vb;
  }

  private List<Double> numbers(String zone, String server, String metric) {
    List<Double> out = new ArrayList<>();
    List<String> values = data.getOrDefault(zone, Map.of()).getOrDefault(server, Map.of()).get(metric);
    if (values != null) {
      for (String v : values) {
        try {
          double d = Double.parseDouble(v.trim());
          if (!Double.isNaN(d)) {
            out.add(d);
          }
        } catch (NumberFormatException e) {
          // a text figure ("NaN", empty): not a number, skipped
        }
      }
    }
    return out;
  }

  Double median(String zone, String server, String metric) {
    List<Double> v = numbers(zone, server, metric);
    if (v.isEmpty()) {
      return null;
    }
    v.sort(null);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  private double sum(String zone, String server, String metric) {
    return numbers(zone, server, metric).stream().mapToDouble(Double::doubleValue).sum();
  }

  private String text(String zone, String server, String metric) {
    List<String> values = data.getOrDefault(zone, Map.of()).getOrDefault(server, Map.of()).get(metric);
    return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }
}
