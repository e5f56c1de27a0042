package io.tandemdns.server.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tandemdns.server.control.ZoneActions.ActionException;
import io.tandemdns.server.metrics.TandemMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The admin HTTP endpoint (JDK HTTP server on its own two threads, never an event loop).
 *
 * <pre>
 *   GET  /health                      200 every zone served and not expired, else 503 + reasons
 *   GET  /zones, /zones/{name}        JSON status
 *   GET  /metrics                     Prometheus text format
 *   POST /reload                      re-read the config file and zone files
 *   POST /zones/{name}/reload|refresh|notify
 * </pre>
 *
 * Every non-GET request needs {@code Authorization: Bearer TOKEN}: missing → 401, wrong → 403.
 */
public final class ControlServer implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ControlServer.class);
  private static final int MAX_BODY = 64 * 1024;

  private final HttpServer http;
  private final ExecutorService threads;
  private final byte[] token;
  private final ZoneStatusSource zones;
  private final ZoneActions actions;
  private final TandemMetrics metrics;

  private ControlServer(HttpServer http, ExecutorService threads, String token, ZoneStatusSource zones,
      ZoneActions actions, TandemMetrics metrics) {
    this.http = http;
    this.threads = threads;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.zones = zones;
    this.actions = actions;
    this.metrics = metrics;
  }

  /** @throws IOException when the address cannot be bound */
  public static ControlServer start(ControlSettings settings, ZoneStatusSource zones, ZoneActions actions,
      TandemMetrics metrics) throws IOException {
    HttpServer http = HttpServer.create(settings.listen(), 16);
    ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "tandem-control");
      t.setDaemon(true);
      return t;
    });
    ControlServer server = new ControlServer(http, threads, settings.token(), zones, actions, metrics);
    http.createContext("/", server::handle);
    http.setExecutor(threads);
    http.start();
    LOG.info("control endpoint on http://{}:{}/ ({})", settings.listen().getAddress().getHostAddress(),
        server.address().getPort(), settings.token() == null ? "read-only: no token configured" : "token required for changes");
    return server;
  }

  public InetSocketAddress address() {
    return http.getAddress();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      drain(ex.getRequestBody());
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getPath();
      List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/+"));
      if (method.equals("GET") || method.equals("HEAD")) {
        get(ex, parts);
      } else if (method.equals("POST")) {
        if (authorized(ex)) {
          post(ex, parts);
        }
      } else {
        ex.getResponseHeaders().set("Allow", "GET, POST");
        error(ex, 405, "method " + method + " not allowed");
      }
    } catch (RuntimeException e) {
      LOG.error("control request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
      try {
        error(ex, 500, "internal error: " + e);
      } catch (IOException | RuntimeException ignored) {
        // The response may have started already; the exchange is closed either way.
      }
    }
  }

  private void get(HttpExchange ex, List<String> parts) throws IOException {
    switch (parts.get(0)) {
      case "health" -> health(ex);
      case "metrics" -> send(ex, 200, metrics.contentType(), metrics.scrape());
      case "zones" -> {
        if (wantsText(ex) && parts.size() <= 2) {
          List<ZoneStatus> list = parts.size() == 1 ? zones.zones()
              : zones.zones().stream().filter(z -> z.name().toString().equalsIgnoreCase(
                  parts.get(1).endsWith(".") ? parts.get(1) : parts.get(1) + ".")).toList();
          if (list.isEmpty() && parts.size() == 2) {
            error(ex, 404, "zone " + parts.get(1) + " is not configured");
          } else {
            send(ex, 200, "text/plain; charset=utf-8", StatusTable.render(list, Instant.now()).getBytes(StandardCharsets.UTF_8));
          }
        } else if (parts.size() == 1) {
          json(ex, 200, Map.of("zones", zones.zones().stream().map(ControlServer::toMap).toList()));
        } else if (parts.size() == 2) {
          Name name = zoneName(ex, parts.get(1));
          if (name != null) {
            var z = zones.zone(name);
            if (z.isPresent()) {
              json(ex, 200, toMap(z.get()));
            } else {
              error(ex, 404, "zone " + name + " is not configured");
            }
          }
        } else {
          error(ex, 404, "no such resource");
        }
      }
      default -> error(ex, 404, "no such resource (try /health, /zones, /metrics)");
    }
  }

  private void health(HttpExchange ex) throws IOException {
    List<String> reasons = new java.util.ArrayList<>();
    for (ZoneStatus z : zones.zones()) {
      if (!z.healthy()) {
        reasons.add(z.name() + ": " + (z.problems().isEmpty() ? z.state() : String.join("; ", z.problems())));
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", reasons.isEmpty() ? "ok" : "unhealthy");
    body.put("zones", zones.zones().size());
    body.put("reasons", reasons);
    json(ex, reasons.isEmpty() ? 200 : 503, body);
  }

  private void post(HttpExchange ex, List<String> parts) throws IOException {
    try {
      if (parts.size() == 1 && parts.get(0).equals("reload")) {
        json(ex, 200, actions.reload());
        return;
      }
      if (parts.size() == 3 && parts.get(0).equals("zones")) {
        Name name = zoneName(ex, parts.get(1));
        if (name == null) {
          return;
        }
        if (zones.zone(name).isEmpty()) {
          error(ex, 404, "zone " + name + " is not configured");
          return;
        }
        switch (parts.get(2)) {
          case "reload" -> json(ex, 200, actions.reloadZone(name));
          case "refresh" -> json(ex, 200, actions.refresh(name));
          case "notify" -> json(ex, 200, actions.notify(name));
          default -> error(ex, 404, "unknown action '" + parts.get(2) + "' (reload, refresh, notify)");
        }
        return;
      }
      error(ex, 404, "no such action (POST /reload, /zones/NAME/reload|refresh|notify)");
    } catch (ActionException e) {
      error(ex, e.status(), e.getMessage());
    }
  }

  /** Bearer token check in constant time (no timing oracle for the token's prefix). */
  private boolean authorized(HttpExchange ex) throws IOException {
    if (token == null) {
      error(ex, 403, "no control token is configured (control.token or control.token-file): changes are disabled");
      return false;
    }
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      error(ex, 401, "missing 'Authorization: Bearer TOKEN' header");
      return false;
    }
    byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) {
      LOG.warn("control: wrong token from {} for {} {}", ex.getRemoteAddress().getAddress().getHostAddress(),
          ex.getRequestMethod(), ex.getRequestURI().getPath());
      error(ex, 403, "wrong token");
      return false;
    }
    return true;
  }

  /** {@code tandem status} asks for the table with {@code Accept: text/plain}. */
  private static boolean wantsText(HttpExchange ex) {
    String accept = ex.getRequestHeaders().getFirst("Accept");
    return accept != null && accept.startsWith("text/plain");
  }

  private static Name zoneName(HttpExchange ex, String text) throws IOException {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      error(ex, 400, "'" + text + "' is not a zone name: " + e.getMessage());
      return null;
    }
  }

  static Map<String, Object> toMap(ZoneStatus z) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", z.name().toString());
    m.put("role", z.role());
    m.put("state", z.state());
    m.put("healthy", z.healthy());
    m.put("serial", z.serial());
    m.put("records", z.records());
    m.put("file", z.file());
    m.put("primaries", z.role().equals("secondary") ? z.primaries() : null);
    m.put("last_refresh", time(z.lastRefresh()));
    m.put("next_refresh", time(z.nextRefresh()));
    m.put("expire_at", time(z.expireAt()));
    m.put("journal_entries", z.journalEntries());
    m.put("journal_bytes", z.journalBytes());
    m.put("problems", z.problems());
    m.putAll(z.sync());
    return m;
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  private static void json(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
    send(ex, status, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
  }

  private static void error(HttpExchange ex, int status, String message) throws IOException {
    json(ex, status, Map.of("error", message));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[4096];
    int total = 0;
    for (int n; (n = in.read(buf)) > 0 && total < MAX_BODY; ) {
      total += n;
    }
  }

  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
