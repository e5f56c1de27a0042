package io.tandemdns.server.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Exposes {@link Buckets} (filled lock-free on the query path) as a Prometheus histogram, read
 * at scrape time. {@code scale} converts the recorded unit to the exposed base unit (e.g. 1e-6
 * for microseconds → seconds).
 */
final class HistogramCollector implements Collector {
  private final String name;
  private final String help;
  private final String label;
  private final double scale;
  private final Supplier<Map<String, Buckets>> series;

  HistogramCollector(String name, String help, String label, double scale, Supplier<Map<String, Buckets>> series) {
    this.name = name;
    this.help = help;
    this.label = label;
    this.scale = scale;
    this.series = series;
  }

  @Override
  public MetricSnapshot collect() {
    HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(name).help(help);
    series.get().forEach((value, buckets) -> {
      long[] bounds = buckets.upperBounds();
      // The client's model takes per-bucket counts; its writers accumulate them.
      long[] perBucket = buckets.counts();
      double[] upper = new double[bounds.length + 1];
      for (int i = 0; i < bounds.length; i++) {
        upper[i] = bounds[i] * scale;
      }
      upper[bounds.length] = Double.POSITIVE_INFINITY;
      b.dataPoint(HistogramDataPointSnapshot.builder()
          .labels(Labels.of(label, value))
          .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, perBucket))
          .sum(buckets.sum() * scale)
          .build());
    });
    return b.build();
  }

  @Override
  public String getPrometheusName() {
    return name;
  }
}
