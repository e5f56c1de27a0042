package io.tandemdns.sync.monitor;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * Settings of the NS-set consistency monitor.
 *
 * @param enabled run rounds in the server (the one-shot check ignores this)
 * @param interval time between rounds
 * @param threshold how long an address may be down, lame or behind before the WARN line
 * @param timeout per SOA query (UDP, then TCP when truncated)
 * @param resolveNs resolve the zone's apex NS names (false: watch only {@code extra})
 * @param nsPort port the resolved NS addresses are queried on
 * @param extra addresses watched in addition to the NS names, per zone (the provider's
 *     nameservers, a hidden primary)
 */
public record MonitorSettings(
    boolean enabled, Duration interval, Duration threshold, Duration timeout, boolean resolveNs, int nsPort,
    Map<Name, List<InetSocketAddress>> extra) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(60);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  public MonitorSettings {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("monitor interval must be positive, got " + interval);
    }
    extra = Map.copyOf(extra);
  }

  public static MonitorSettings disabled() {
    return new MonitorSettings(false, DEFAULT_INTERVAL, DEFAULT_THRESHOLD, DEFAULT_TIMEOUT, true, 53, Map.of());
  }

  public List<InetSocketAddress> extraFor(Name origin) {
    return extra.getOrDefault(origin, List.of());
  }

  public MonitorSettings withThreshold(Duration d) {
    return new MonitorSettings(enabled, interval, d, timeout, resolveNs, nsPort, extra);
  }
}
