package io.tandemdns.server;

import io.tandemdns.server.ZoneOutcome.Status;
import io.tandemdns.server.config.ZoneConfig;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneRegistry;
import io.tandemdns.zone.load.ZoneFileLoader;
import io.tandemdns.zone.load.ZoneLoadException;
import io.tandemdns.zone.load.ZoneProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Serial;

/**
 * Owns the served {@link ZoneRegistry}: loads the configured zone files on its own thread (never
 * an event loop) and publishes each result by swapping one reference, so a query sees either the
 * old or the new set of zones, never a mix, and is never held up by a reload.
 */
public final class ZoneManager implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ZoneManager.class);
  /** Most problem lines logged per zone; the rest are counted. */
  private static final int MAX_LOGGED_PROBLEMS = 20;
  /**
   * A file whose mtime is this close to the moment we read it may change again within the
   * timestamp granularity without its mtime moving, so its stat is not trusted to skip it.
   */
  private static final long RACY_MILLIS = 2_000;
  /**
   * From this size a first load hashes the file on its own thread ({@link #hashedAside}); below
   * it the hash takes less than starting a thread would (thousands of small zones at start-up).
   */
  static final long HASH_ASIDE_BYTES = 1 << 20;

  /** Replaced only on the loader thread (hot reconfiguration, issue 6). */
  private volatile List<ZoneConfig> zones;
  private final AtomicReference<ZoneRegistry> served = new AtomicReference<>(ZoneRegistry.empty());
  private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "tandem-zone-loader");
    t.setDaemon(true);
    return t;
  });
  /** What each served zone was built from; touched only on the loader thread. */
  private final Map<Name, FileStamp> stamps = new HashMap<>();
  private volatile BiConsumer<Zone, Zone> onNewVersion = (previous, next) -> { };
  /**
   * (served, loaded) → the version to serve when a changed file's serial did not grow: served
   * itself for "nothing really changed", a re-serialled zone (zone sync's serial-policy), or null
   * to refuse the reload (the default).
   */
  private volatile java.util.function.BinaryOperator<Zone> staleSerial = (served, loaded) -> null;

  public ZoneManager(List<ZoneConfig> zones) {
    this.zones = List.copyOf(zones);
  }

  /** The served registry, read once per query. */
  public Supplier<ZoneRegistry> registry() {
    return served::get;
  }

  public ZoneRegistry current() {
    return served.get();
  }

  /** Applies a change to the served registry atomically (zone sync installs transferred zones). */
  public void update(UnaryOperator<ZoneRegistry> change) {
    served.updateAndGet(change);
  }

  /**
   * Called on the loader thread after each swap, per zone with a new version: (previous version
   * or null, new version). Zone sync journals the diff and sends NOTIFY (issue 3).
   */
  public void onNewVersion(BiConsumer<Zone, Zone> listener) {
    this.onNewVersion = listener;
  }

  /** Installs the decision for reloads whose serial did not grow (issue 3 serial-policy). */
  public void onStaleSerial(java.util.function.BinaryOperator<Zone> decision) {
    this.staleSerial = decision;
  }

  /** Loads every configured zone (start-up) and waits; zones with errors are not served. */
  public ReloadReport loadInitial() {
    return await(loadInitialAsync());
  }

  /** {@link #loadInitial()} without waiting; {@link #await} gives its report. */
  CompletableFuture<ReloadReport> loadInitialAsync() {
    return CompletableFuture.supplyAsync(() -> loadAll(true), loader);
  }

  /** Re-reads changed zone files in the background; the future completes when all are swapped. */
  public CompletableFuture<ReloadReport> reloadAsync() {
    return CompletableFuture.supplyAsync(() -> loadAll(false), loader);
  }

  /**
   * Replaces the configured zone list (hot reconfiguration, issue 6) on the loader thread: zones
   * no longer listed stop being served in one swap; new ones load on the next reload.
   */
  public void reconfigure(List<ZoneConfig> next) {
    CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
      java.util.Set<Name> keep = new java.util.HashSet<>();
      next.forEach(z -> keep.add(z.origin()));
      List<Name> dropped = zones.stream().map(ZoneConfig::origin).filter(o -> !keep.contains(o)).toList();
      zones = List.copyOf(next);
      dropped.forEach(stamps::remove);
      if (!dropped.isEmpty()) {
        served.updateAndGet(registry -> {
          ZoneRegistry r = registry;
          for (Name o : dropped) {
            r = r.without(o);
          }
          return r;
        });
        LOG.info("zones {} removed from the configuration; no longer served", dropped);
      }
    }, loader);
    try {
      done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reconfiguring zones", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("zone reconfiguration failed", e.getCause());
    }
  }

  /** Re-reads changed zone files and waits for the result. */
  public ReloadReport reload() {
    return await(reloadAsync());
  }

  static ReloadReport await(CompletableFuture<ReloadReport> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reloading zones", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("zone reload failed", e.getCause());
    }
  }

  private ReloadReport loadAll(boolean initial) {
    long start = System.nanoTime();
    List<ZoneOutcome> outcomes = new ArrayList<>();
    List<Zone> fresh = new ArrayList<>();
    for (ZoneConfig zone : zones) {
      outcomes.add(loadOne(zone, fresh));
    }
    ZoneRegistry before = served.get();
    if (!fresh.isEmpty()) {
      // One swap for the whole batch; updateAndGet keeps changes of other writers (zone sync).
      served.updateAndGet(registry -> {
        ZoneRegistry next = registry;
        for (Zone z : fresh) {
          next = next.with(z);
        }
        return next;
      });
    }
    for (Zone z : fresh) {
      try {
        onNewVersion.accept(before.get(z.origin()), z);
      } catch (RuntimeException e) {
        LOG.error("zone {}: post-load hook failed", z.origin(), e);
      }
    }
    ReloadReport report = new ReloadReport(outcomes, millisSince(start));
    for (ZoneOutcome o : outcomes) {
      logOutcome(o, initial);
    }
    if (!initial) {
      if (report.ok()) {
        LOG.info("reload: {}", report);
      } else {
        LOG.warn("reload: {}", report);
      }
    }
    return report;
  }

  private ZoneOutcome loadOne(ZoneConfig config, List<Zone> fresh) {
    long start = System.nanoTime();
    Name origin = config.origin();
    Path file = config.file();
    Zone current = served.get().get(origin);
    FileStamp previous = current == null ? null : stamps.get(origin);
    Supplier<FileStamp> stamp;
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      if (previous != null && previous.sameStat(attrs) && !previous.racy()) {
        return unchanged(config, current, start);
      }
      if (previous == null && attrs.size() >= HASH_ASIDE_BYTES) {
        // Nothing to compare with (first load): the stamp is for the next reload only, so a
        // large file is hashed beside the parse, on another core, instead of before it
        // (1M-record zone: SHA-256 of 32 MB, the parse began 0.07-0.1 s sooner, issue 5).
        stamp = hashedAside(file, attrs);
      } else {
        FileStamp now = FileStamp.of(file, attrs);
        if (previous != null && previous.sameContent(now)) {
          stamps.put(origin, now);
          return unchanged(config, current, start);
        }
        stamp = () -> now;
      }
    } catch (IOException e) {
      return failed(config, current, start, List.of(new ZoneProblem(file.toString(), 0, "cannot read: " + e, true)));
    }
    ZoneFileLoader.Loaded loaded;
    try {
      loaded = ZoneFileLoader.loadWithWarnings(file, origin);
    } catch (ZoneLoadException e) {
      return failed(config, current, start, e.problems());
    } catch (RuntimeException e) {
      // A loader bug must not take the other zones (or the server) down.
      LOG.error("zone {}: unexpected error loading {}", origin, file, e);
      return failed(config, current, start, List.of(new ZoneProblem(file.toString(), 0, "internal error: " + e, true)));
    }
    Zone zone = loaded.zone();
    Zone fixed = current != null && Serial.compare(zone.serial(), current.serial()) <= 0
        ? staleSerial.apply(current, zone) : null;
    if (fixed == current && fixed != null) {
      putStamp(origin, stamp);
      return unchanged(config, current, start);
    } else if (fixed != null) {
      LOG.info("zone {}: serial {} in {} did not grow past {}; serving it as serial {} (serial-policy)",
          origin, zone.serial(), file, current.serial(), fixed.serial());
      zone = fixed;
    }
    if (current != null && Serial.compare(zone.serial(), current.serial()) <= 0) {
      // Secondaries only transfer when the serial grows (RFC 1982 arithmetic), so serving new
      // data under an old serial would split the NS set; keep the old version until it is fixed.
      return failed(config, current, start, List.of(new ZoneProblem(file.toString(), 0,
          "content changed but serial " + zone.serial() + " is not greater than the served serial "
              + current.serial() + "; increase the serial", true)));
    }
    putStamp(origin, stamp);
    fresh.add(zone);
    return new ZoneOutcome(origin, file, Status.LOADED, zone.serial(), zone.recordCount(), millisSince(start),
        loaded.warnings());
  }

  /** The stamp of {@code file}, computed on its own thread; null from get() if it failed. */
  private static Supplier<FileStamp> hashedAside(Path file, BasicFileAttributes attrs) {
    FutureTask<FileStamp> task = new FutureTask<>(() -> FileStamp.of(file, attrs));
    Thread t = new Thread(task, Thread.currentThread().getName() + "-stamp");
    t.setDaemon(true);
    t.start();
    return () -> {
      try {
        return task.get();
      } catch (ExecutionException e) {
        LOG.warn("zone file {}: cannot hash it ({}); the next reload re-reads it whatever its stat", file,
            e.getCause().toString());
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    };
  }

  /** Records what a served zone was built from; without a stamp the next reload re-reads the file. */
  private void putStamp(Name origin, Supplier<FileStamp> stamp) {
    FileStamp s = stamp.get();
    if (s == null) {
      stamps.remove(origin);
    } else {
      stamps.put(origin, s);
    }
  }

  private static ZoneOutcome unchanged(ZoneConfig config, Zone current, long start) {
    return new ZoneOutcome(config.origin(), config.file(), Status.UNCHANGED, current.serial(),
        current.recordCount(), millisSince(start), List.of());
  }

  private static ZoneOutcome failed(ZoneConfig config, Zone current, long start, List<ZoneProblem> problems) {
    List<ZoneProblem> errors = problems.isEmpty()
        ? List.of(new ZoneProblem(config.file().toString(), 0, "zone not loadable", true))
        : problems;
    return new ZoneOutcome(config.origin(), config.file(), Status.FAILED,
        current == null ? -1 : current.serial(), current == null ? 0 : current.recordCount(),
        millisSince(start), errors);
  }

  private static void logOutcome(ZoneOutcome o, boolean initial) {
    switch (o.status()) {
      case LOADED -> {
        LOG.info("zone {} serial {}, {} records, loaded in {} ms from {}",
            o.origin(), o.serial(), o.records(), o.millis(), o.file());
        logProblems(o);
      }
      case UNCHANGED -> LOG.debug("zone {} unchanged (serial {})", o.origin(), o.serial());
      case FAILED -> {
        if (o.serial() < 0) {
          LOG.error("zone {} is not served: {} has errors", o.origin(), o.file());
        } else {
          LOG.error("zone {} {}failed, still serving serial {}: {} has errors",
              o.origin(), initial ? "" : "reload ", o.serial(), o.file());
        }
        logProblems(o);
      }
      default -> throw new IllegalStateException();
    }
  }

  private static void logProblems(ZoneOutcome o) {
    int shown = 0;
    for (ZoneProblem p : o.problems()) {
      if (shown++ == MAX_LOGGED_PROBLEMS) {
        LOG.warn("  ... and {} more", o.problems().size() - MAX_LOGGED_PROBLEMS);
        break;
      }
      if (p.error()) {
        LOG.error("  {}", p);
      } else {
        LOG.warn("  {}", p);
      }
    }
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    loader.shutdownNow();
    try {
      loader.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Size, mtime and content hash of a zone file at the time it was read. */
  private record FileStamp(long size, long mtimeMillis, long readAtMillis, byte[] sha256) {
    static FileStamp of(Path file, BasicFileAttributes attrs) throws IOException {
      long readAt = System.currentTimeMillis();
      MessageDigest digest;
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = Files.newInputStream(file)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
      return new FileStamp(attrs.size(), attrs.lastModifiedTime().toMillis(), readAt, digest.digest());
    }

    boolean sameStat(BasicFileAttributes attrs) {
      return size == attrs.size() && mtimeMillis == attrs.lastModifiedTime().toMillis();
    }

    /** Modified so shortly before it was read that a later same-size edit may keep the mtime. */
    boolean racy() {
      return readAtMillis - mtimeMillis < RACY_MILLIS;
    }

    boolean sameContent(FileStamp other) {
      return Arrays.equals(sha256, other.sha256);
    }
  }
}
