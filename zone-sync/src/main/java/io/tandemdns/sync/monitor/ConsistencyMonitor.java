package io.tandemdns.sync.monitor;

import io.tandemdns.zone.diff.Serial;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.Name;

/**
 * Watches that every nameserver of a zone serves the same, newest version of it: the view an
 * operator running alongside a DNS provider needs before customers notice.
 *
 * <p>Per zone, the watched set is the apex NS names (resolved through a {@link NameResolver})
 * plus configured addresses. Each round queries SOA at every address in parallel and classifies
 * each: OK, BEHIND (older serial by RFC 1982 than the round's highest), LAME (no AA) or DOWN. An
 * address bad for at least the threshold gets one WARN line; its return to OK gets one INFO
 * recovery line. Time comes from an injected {@link Clock}, so thresholds are tested without
 * sleeping.
 */
public final class ConsistencyMonitor implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ConsistencyMonitor.class);
  private static final String CONFIGURED = "configured";
  /** Bounds parallel SOA queries of one round. */
  private static final int QUERY_THREADS = 8;

  private final MonitorSettings settings;
  private final NameResolver resolver;
  private final SoaQuery soa;
  private final Clock clock;
  private final Map<Name, Supplier<List<Name>>> watched = new ConcurrentHashMap<>();
  private final Map<Name, ConsistencyReport> latest = new ConcurrentHashMap<>();
  /** Per zone, per address: since when it has been bad and whether we alerted. */
  private final Map<Name, Map<InetSocketAddress, Trouble>> trouble = new ConcurrentHashMap<>();
  private final ExecutorService queries = Executors.newFixedThreadPool(QUERY_THREADS, daemon("tandem-monitor-query"));
  private ScheduledExecutorService timer;

  private record Trouble(Instant since, boolean alerted) {}

  public ConsistencyMonitor(MonitorSettings settings, NameResolver resolver, SoaQuery soa, Clock clock) {
    this.settings = settings;
    this.resolver = resolver;
    this.soa = soa;
    this.clock = clock;
  }

  /** With real DNS queries and the given resolver. */
  public ConsistencyMonitor(MonitorSettings settings, NameResolver resolver) {
    this(settings, resolver, new DnsSoaQuery(settings.timeout()), Clock.systemUTC());
  }

  /**
   * Watches a zone; {@code nsNames} is asked every round (the served apex NS can change on reload).
   * Calling it again for the same zone replaces the source.
   */
  public void watch(Name origin, Supplier<List<Name>> nsNames) {
    watched.put(origin, nsNames);
  }

  public void unwatch(Name origin) {
    watched.remove(origin);
    latest.remove(origin);
    trouble.remove(origin);
  }

  /** Starts a round every interval on a background thread. */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(daemon("tandem-monitor"));
    long every = settings.interval().toMillis();
    timer.scheduleWithFixedDelay(this::checkAll, every, every, TimeUnit.MILLISECONDS);
  }

  /** One round for every watched zone (a failure in one never stops the others or the timer). */
  public void checkAll() {
    for (Name origin : List.copyOf(watched.keySet())) {
      try {
        check(origin);
      } catch (RuntimeException e) {
        LOG.error("zone {}: consistency check failed", origin, e);
      }
    }
  }

  /** The last report of every watched zone. */
  public Map<Name, ConsistencyReport> latest() {
    return Map.copyOf(latest);
  }

  /**
   * Runs one round for a watched zone now, updates alert state, logs transitions.
   *
   * @throws IllegalArgumentException when the zone is not watched
   */
  public ConsistencyReport check(Name origin) {
    Supplier<List<Name>> nsNames = watched.get(origin);
    if (nsNames == null) {
      throw new IllegalArgumentException("zone " + origin + " is not watched");
    }
    Map<InetSocketAddress, String> targets = new LinkedHashMap<>();
    List<String> unresolved = new ArrayList<>();
    if (settings.resolveNs()) {
      for (Name ns : nsNames.get()) {
        resolveInto(ns, targets, unresolved);
      }
    }
    for (InetSocketAddress a : settings.extraFor(origin)) {
      targets.putIfAbsent(a, CONFIGURED);
    }
    List<CompletableFuture<Observation>> pending = new ArrayList<>();
    targets.forEach((address, label) ->
        pending.add(CompletableFuture.supplyAsync(() -> soa.query(origin, label, address), queries)));
    List<Observation> observations = pending.stream().map(CompletableFuture::join).toList();
    ConsistencyReport report = judge(origin, clock.instant(), observations, unresolved);
    latest.put(origin, report);
    return report;
  }

  private void resolveInto(Name ns, Map<InetSocketAddress, String> targets, List<String> unresolved) {
    try {
      List<InetAddress> addresses = resolver.resolve(ns);
      if (addresses.isEmpty() && resolver != NameResolver.NONE) {
        unresolved.add(ns.toString());
      }
      for (InetAddress a : addresses) {
        targets.putIfAbsent(new InetSocketAddress(a, settings.nsPort()), ns.toString());
      }
    } catch (IOException | RuntimeException e) {
      unresolved.add(ns.toString());
      LOG.debug("cannot resolve {}: {}", ns, e.getMessage());
    }
  }

  /** Classifies every observation against the round's highest serial and applies the threshold. */
  private ConsistencyReport judge(Name origin, Instant now, List<Observation> observations, List<String> unresolved) {
    long highest = highestSerial(observations);
    Map<InetSocketAddress, Trouble> zoneTrouble = trouble.computeIfAbsent(origin, o -> new ConcurrentHashMap<>());
    List<AddressStatus> statuses = new ArrayList<>();
    for (Observation o : observations) {
      AddressStatus.State state;
      long lag = -1;
      if (!o.reachable() || (o.serial() < 0 && o.authoritative())) {
        state = AddressStatus.State.DOWN;
      } else if (!o.authoritative() || o.serial() < 0) {
        state = AddressStatus.State.LAME;
      } else {
        lag = (highest - o.serial()) & (Serial.MODULUS - 1);
        state = lag == 0 ? AddressStatus.State.OK : AddressStatus.State.BEHIND;
      }
      statuses.add(track(origin, zoneTrouble, o, state, lag, highest, now));
    }
    zoneTrouble.keySet().retainAll(observations.stream().map(Observation::address).toList());
    return new ConsistencyReport(origin, now, highest, statuses, unresolved);
  }

  private AddressStatus track(Name origin, Map<InetSocketAddress, Trouble> zoneTrouble, Observation o,
      AddressStatus.State state, long lag, long highest, Instant now) {
    Trouble t = zoneTrouble.get(o.address());
    if (state == AddressStatus.State.OK) {
      if (t != null) {
        zoneTrouble.remove(o.address());
        if (t.alerted()) {
          LOG.info("zone {}: nameserver {} ({}) recovered after {}: serial {} in sync",
              origin, o.label(), o.addressText(), human(Duration.between(t.since(), now)), o.serial());
        }
      }
      return new AddressStatus(o, state, lag, null, false);
    }
    if (t == null) {
      t = new Trouble(now, false);
    }
    Duration bad = Duration.between(t.since(), now);
    if (!t.alerted() && bad.compareTo(settings.threshold()) >= 0) {
      t = new Trouble(t.since(), true);
      AddressStatus tmp = new AddressStatus(o, state, lag, t.since(), true);
      LOG.warn("zone {}: nameserver {} ({}) {} for {}: {}{}", origin, o.label(), o.addressText(), state,
          human(bad), tmp.describe(),
          state == AddressStatus.State.BEHIND ? " (serial " + o.serial() + ", highest " + highest + ")" : "");
    }
    zoneTrouble.put(o.address(), t);
    return new AddressStatus(o, state, lag, t.since(), t.alerted());
  }

  /** The greatest serial by RFC 1982 among authoritative answers, or -1 when there is none. */
  static long highestSerial(List<Observation> observations) {
    long highest = -1;
    for (Observation o : observations) {
      if (!o.reachable() || !o.authoritative() || o.serial() < 0) {
        continue;
      }
      if (highest < 0 || Serial.isNewer(o.serial(), highest)) {
        highest = o.serial();
      }
    }
    return highest;
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    return s < 120 ? s + " s" : (s / 60) + " min";
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    queries.shutdownNow();
  }
}
