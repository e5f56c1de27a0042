package io.tandemdns.server.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tandemdns.server.control.ZoneStatus;
import io.tandemdns.server.control.ZoneStatusSource;
import io.tandemdns.server.query.QueryProcessor;
import io.tandemdns.server.query.QueryStats;
import io.tandemdns.server.query.Transport;
import io.tandemdns.server.rrl.RrlStats;
import io.tandemdns.server.sync.ZoneSync;
import io.tandemdns.sync.monitor.AddressStatus;
import io.tandemdns.sync.monitor.ConsistencyReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The server's Prometheus metrics. Every value is read at scrape time from the counters the
 * serving path already keeps (per-thread counters and buckets, LongAdders): nothing is pushed per
 * query.
 */
public final class TandemMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  /**
   * @param sync zone sync, or a supplier of null when no zone has a role
   * @param monitor the consistency monitor's latest reports (empty when off)
   */
  public TandemMetrics(QueryProcessor processor, ZoneStatusSource zones, Supplier<ZoneSync> sync,
      Supplier<Map<org.xbill.DNS.Name, ConsistencyReport>> monitor, Clock clock) {
    QueryStats stats = processor.stats();
    CounterWithCallback.builder().name("tandem_queries").help("queries answered, by transport and query type")
        .labelNames("transport", "qtype")
        .callback(cb -> {
          for (Transport t : Transport.values()) {
            cb.call(stats.queries(t, 0), lower(t), "other");
            for (int i = 0; i < QueryStats.LABELLED_QTYPES.length; i++) {
              cb.call(stats.queries(t, i + 1), lower(t), Type.string(QueryStats.LABELLED_QTYPES[i]));
            }
          }
        }).register(registry);
    CounterWithCallback.builder().name("tandem_responses").help("responses sent, by RCODE")
        .labelNames("rcode")
        .callback(cb -> {
          for (int r = 0; r < 24; r++) {
            long n = stats.responses(r);
            if (n > 0 || r <= 5) {
              cb.call(n, Rcode.string(r));
            }
          }
        }).register(registry);
    CounterWithCallback.builder().name("tandem_dropped").help("messages not answered (short header, QR=1)")
        .callback(cb -> cb.call(stats.dropped())).register(registry);
    registry.register(new HistogramCollector("tandem_response_size_bytes", "response size in bytes", "transport", 1,
        () -> perTransport(stats::responseSizes)));
    registry.register(new HistogramCollector("tandem_query_duration_seconds",
        "time from the query's bytes to the response's", "transport", 1e-6,
        () -> perTransport(stats::processingMicros)));
    CounterWithCallback.builder().name("tandem_cache_hits").help("response cache hits")
        .callback(cb -> cb.call(stats.cacheHits())).register(registry);
    CounterWithCallback.builder().name("tandem_cache_misses").help("response cache misses")
        .callback(cb -> cb.call(stats.cacheMisses())).register(registry);
    GaugeWithCallback.builder().name("tandem_cache_entries").help("entries in the response cache")
        .callback(cb -> cb.call(processor.cacheSize())).register(registry);
    CounterWithCallback.builder().name("tandem_cache_evictions").help("response cache evictions (size bound)")
        .callback(cb -> cb.call(processor.cacheEvictions())).register(registry);
    rrl(processor.rrlStats());
    tcp(processor);
    sync(sync);
    zones(zones, clock);
    monitor(monitor);
    JvmMetrics.builder().register(registry);
  }

  private void rrl(RrlStats s) {
    CounterWithCallback.builder().name("tandem_rrl_limited").help("responses over the rate limit")
        .callback(cb -> cb.call(s.limitedCount())).register(registry);
    CounterWithCallback.builder().name("tandem_rrl_slipped").help("limited responses sent truncated (TC=1) instead")
        .callback(cb -> cb.call(s.slippedCount())).register(registry);
    CounterWithCallback.builder().name("tandem_rrl_dropped").help("limited responses not sent")
        .callback(cb -> cb.call(s.droppedCount())).register(registry);
  }

  /** TCP connections (RFC 7766 §6.2.2 limits): the counters live in the transport's gate. */
  private void tcp(QueryProcessor processor) {
    GaugeWithCallback.builder().name("tandem_tcp_connections_open").help("TCP connections open now")
        .callback(cb -> {
          ConnectionCounters c = processor.tcpConnections();
          cb.call(c == null ? 0 : c.open());
        }).register(registry);
    CounterWithCallback.builder().name("tandem_tcp_connections_accepted").help("TCP connections admitted")
        .callback(cb -> {
          ConnectionCounters c = processor.tcpConnections();
          cb.call(c == null ? 0 : c.accepted());
        }).register(registry);
    CounterWithCallback.builder().name("tandem_tcp_connections_refused")
        .help("TCP connections closed at accept, by the limit reached").labelNames("limit")
        .callback(cb -> {
          ConnectionCounters c = processor.tcpConnections();
          cb.call(c == null ? 0 : c.refusedTotal(), "total");
          cb.call(c == null ? 0 : c.refusedPerClient(), "per-client");
        }).register(registry);
  }

  private void sync(Supplier<ZoneSync> sync) {
    CounterWithCallback.builder().name("tandem_transfers_in").help("incoming zone transfers, by type and result")
        .labelNames("type", "result")
        .callback(cb -> {
          ZoneSync zs = sync.get();
          if (zs != null) {
            cb.call(zs.incrementalTransfers(), "ixfr", "ok");
            cb.call(zs.fullTransfers(), "axfr", "ok");
            cb.call(zs.failedTransfers(), "any", "failed");
          }
        }).register(registry);
    CounterWithCallback.builder().name("tandem_transfers_out").help("outgoing zone transfers, by result")
        .labelNames("result")
        .callback(cb -> {
          ZoneSync zs = sync.get();
          if (zs != null) {
            cb.call(zs.stats().transfersOutOk(), "ok");
            cb.call(zs.stats().transfersOutFailed(), "failed");
            cb.call(zs.stats().transfersOutRefused(), "refused");
          }
        }).register(registry);
    CounterWithCallback.builder().name("tandem_transfers_out_duration_seconds")
        .help("total time of the finished outgoing transfers (ok and failed); with tandem_transfers_out the mean")
        .callback(cb -> {
          ZoneSync zs = sync.get();
          if (zs != null) {
            cb.call(zs.stats().transfersOutSeconds());
          }
        }).register(registry);
    CounterWithCallback.builder().name("tandem_notify_received").help("NOTIFY messages received, by verdict")
        .labelNames("result")
        .callback(cb -> {
          ZoneSync zs = sync.get();
          if (zs != null) {
            cb.call(zs.stats().notifyAccepted(), "accepted");
            cb.call(zs.stats().notifyRefused(), "refused");
            cb.call(zs.stats().notifyNotauth(), "notauth");
          }
        }).register(registry);
    CounterWithCallback.builder().name("tandem_notify_sent_answered").help("NOTIFY messages sent and answered")
        .callback(cb -> {
          ZoneSync zs = sync.get();
          if (zs != null) {
            cb.call(zs.notifiesAnswered());
          }
        }).register(registry);
  }

  private void zones(ZoneStatusSource zones, Clock clock) {
    GaugeWithCallback.builder().name("tandem_zone_serial").help("served SOA serial").labelNames("zone")
        .callback(cb -> zones.zones().forEach(z -> {
          if (z.serial() != null) {
            cb.call(z.serial(), z.name().toString());
          }
        })).register(registry);
    GaugeWithCallback.builder().name("tandem_zone_records").help("records in the served version").labelNames("zone")
        .callback(cb -> zones.zones().forEach(z -> {
          if (z.records() != null) {
            cb.call(z.records(), z.name().toString());
          }
        })).register(registry);
    GaugeWithCallback.builder().name("tandem_zone_healthy").help("1 when served and not expired").labelNames("zone")
        .callback(cb -> zones.zones().forEach(z -> cb.call(z.healthy() ? 1 : 0, z.name().toString())))
        .register(registry);
    GaugeWithCallback.builder().name("tandem_zone_seconds_since_refresh")
        .help("secondary zones: seconds since the last successful refresh").labelNames("zone")
        .callback(cb -> {
          Instant now = clock.instant();
          for (ZoneStatus z : zones.zones()) {
            Long s = z.secondsSinceRefresh(now);
            if (s != null) {
              cb.call(s, z.name().toString());
            }
          }
        }).register(registry);
    GaugeWithCallback.builder().name("tandem_zone_seconds_until_expire")
        .help("secondary zones: seconds until the copy expires (negative: expired)").labelNames("zone")
        .callback(cb -> {
          Instant now = clock.instant();
          for (ZoneStatus z : zones.zones()) {
            Long s = z.secondsUntilExpire(now);
            if (s != null) {
              cb.call(s, z.name().toString());
            }
          }
        }).register(registry);
    // Catalog consumers (issue 8): how many member zones each one brought; a drop is worth an alert.
    GaugeWithCallback.builder().name("tandem_catalog_members")
        .help("member zones served from each consumer catalog (RFC 9432)").labelNames("catalog")
        .callback(cb -> {
          for (ZoneStatus z : zones.zones()) {
            if (z.sync() != null && z.sync().get("catalog_members") instanceof Integer n) {
              cb.call(n, z.name().toString());
            }
          }
        }).register(registry);
  }

  private void monitor(Supplier<Map<org.xbill.DNS.Name, ConsistencyReport>> monitor) {
    String[] labels = {"zone", "nameserver", "address"};
    GaugeWithCallback.builder().name("tandem_monitor_in_sync")
        .help("1 when every nameserver of the zone answers the highest serial authoritatively").labelNames("zone")
        .callback(cb -> monitor.get().forEach((zone, r) -> cb.call(r.inSync() ? 1 : 0, zone.toString())))
        .register(registry);
    GaugeWithCallback.builder().name("tandem_monitor_highest_serial").help("highest serial seen in the last round")
        .labelNames("zone")
        .callback(cb -> monitor.get().forEach((zone, r) -> {
          if (r.highestSerial() >= 0) {
            cb.call(r.highestSerial(), zone.toString());
          }
        })).register(registry);
    GaugeWithCallback.builder().name("tandem_monitor_nameserver_up")
        .help("1 when the address answered authoritatively with the zone's SOA").labelNames(labels)
        .callback(cb -> eachAddress(monitor, (zone, a) -> cb.call(
            a.state() == AddressStatus.State.OK || a.state() == AddressStatus.State.BEHIND ? 1 : 0,
            zone, a.observation().label(), a.observation().addressText()))).register(registry);
    GaugeWithCallback.builder().name("tandem_monitor_nameserver_serial_lag")
        .help("serials behind the highest (RFC 1982); absent when the address gave none").labelNames(labels)
        .callback(cb -> eachAddress(monitor, (zone, a) -> {
          if (a.lag() >= 0) {
            cb.call(a.lag(), zone, a.observation().label(), a.observation().addressText());
          }
        })).register(registry);
    GaugeWithCallback.builder().name("tandem_monitor_nameserver_response_seconds")
        .help("SOA round-trip time in the last round").labelNames(labels)
        .callback(cb -> eachAddress(monitor, (zone, a) -> cb.call(a.observation().millis() / 1000.0,
            zone, a.observation().label(), a.observation().addressText()))).register(registry);
    GaugeWithCallback.builder().name("tandem_monitor_nameserver_alerting")
        .help("1 when the address has been down, lame or behind for longer than the threshold").labelNames(labels)
        .callback(cb -> eachAddress(monitor, (zone, a) -> cb.call(a.alerting() ? 1 : 0,
            zone, a.observation().label(), a.observation().addressText()))).register(registry);
  }

  private static void eachAddress(Supplier<Map<org.xbill.DNS.Name, ConsistencyReport>> monitor,
      java.util.function.BiConsumer<String, AddressStatus> each) {
    monitor.get().forEach((zone, r) -> r.addresses().forEach(a -> each.accept(zone.toString(), a)));
  }

  private static Map<String, Buckets> perTransport(java.util.function.Function<Transport, Buckets> f) {
    Map<String, Buckets> m = new LinkedHashMap<>();
    for (Transport t : Transport.values()) {
      m.put(lower(t), f.apply(t));
    }
    return m;
  }

  private static String lower(Transport t) {
    return t.name().toLowerCase(Locale.ROOT);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public String contentType() {
    return writer.getContentType();
  }

  /** The Prometheus text exposition of every metric, now. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
