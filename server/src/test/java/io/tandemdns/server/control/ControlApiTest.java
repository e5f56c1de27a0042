package io.tandemdns.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.Main;
import io.tandemdns.server.ServerTestSupport;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ConfigFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/** The admin endpoint and the operator CLI against a real server on loopback ports. */
class ControlApiTest {
  static final String TOKEN = "0123456789abcdef-test-token";

  @TempDir Path dir;
  TandemServer server;
  Path configFile;
  final HttpClient http = HttpClient.newHttpClient();
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    ServerTestSupport.writeZone(dir, ServerTestSupport.zoneText(1, 10));
    configFile = dir.resolve("tandem.yaml");
    writeConfig("");
    server = TandemServer.start(ConfigFile.read(configFile));
  }

  void writeConfig(String extraZones) throws Exception {
    Files.writeString(configFile, String.join("\n",
        "listen: [\"127.0.0.1:0\"]",
        "zones:",
        "  - name: t.test.",
        "    file: t.test.zone",
        extraZones,
        "control:",
        "  listen: \"127.0.0.1:0\"",
        "  token: \"" + TOKEN + "\"",
        ""));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  String base() {
    InetSocketAddress a = server.operations().control().address();
    return "http://127.0.0.1:" + a.getPort();
  }

  String control() {
    return "127.0.0.1:" + server.operations().control().address().getPort();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  int cli(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  InetSocketAddress dns() {
    return server.udpAddresses().get(0);
  }

  @Test
  void zoneStatusMatchesTheServedZone() throws Exception {
    var zone = server.zones().get(ServerTestSupport.ORIGIN);
    HttpResponse<String> r = get("/zones/t.test.");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body()).contains("\"name\":\"t.test.\"", "\"role\":\"primary\"", "\"state\":\"loaded\"",
        "\"serial\":" + zone.serial(), "\"records\":" + zone.recordCount(),
        "\"file\":\"" + dir.resolve("t.test.zone").toAbsolutePath().normalize() + "\"");
    assertThat(get("/zones").body()).contains("\"zones\":[{\"name\":\"t.test.\"");
    assertThat(get("/zones/nope.test.").statusCode()).isEqualTo(404);
    assertThat(get("/health").statusCode()).isEqualTo(200);

    assertThat(cli("status", "--control", control())).isZero();
    assertThat(out.toString()).contains("t.test.", "primary", "loaded", " " + zone.serial() + " ", "all healthy");
  }

  @Test
  void everyChangeNeedsTheToken() throws Exception {
    assertThat(post("/reload", null).statusCode()).isEqualTo(401);
    assertThat(post("/reload", "wrong-token-wrong-token").statusCode()).isEqualTo(403);
    assertThat(post("/zones/t.test./reload", "x").statusCode()).isEqualTo(403);
    assertThat(post("/reload", TOKEN).statusCode()).isEqualTo(200);

    assertThat(cli("reload", "--control", control(), "--token", "wrong-token-wrong-token")).isEqualTo(1);
    assertThat(err.toString()).contains("refused by the server: wrong token");
    assertThat(cli("reload", "--control", control())).isEqualTo(1);
    assertThat(err.toString()).contains("wants a token");
  }

  @Test
  void reloadThroughTheCliServesTheNewVersion() throws Exception {
    assertThat(ServerTestSupport.firstA(ServerTestSupport.udp(dns(), "www.t.test.", Type.A))).isEqualTo("192.0.2.10");
    ServerTestSupport.writeZone(dir, ServerTestSupport.zoneText(2, 20));
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    assertThat(cli("reload", "t.test", "--control", control(), "--token-file", tokenFile.toString())).isZero();
    assertThat(out.toString()).contains("\"status\":\"loaded\"", "\"serial\":2");
    assertThat(ServerTestSupport.firstA(ServerTestSupport.udp(dns(), "www.t.test.", Type.A))).isEqualTo("192.0.2.20");
    assertThat(get("/zones/t.test.").body()).contains("\"serial\":2");
  }

  @Test
  void refreshOfAPrimaryAndNotifyAreRefusedClearly() throws Exception {
    assertThat(cli("refresh", "t.test.", "--config", configFile.toString(), "--control", control())).isEqualTo(1);
    assertThat(err.toString()).contains("is not a secondary").contains("HTTP 409");
    assertThat(post("/zones/t.test./notify", TOKEN).statusCode()).isEqualTo(409); // no notify: targets
  }

  @Test
  void healthNamesABrokenZoneAndConfigErrorsAreRejectedWhole() throws Exception {
    Files.writeString(dir.resolve("bad.test.zone"), "$ORIGIN bad.test.\n@ IN SOA ns h 1 1 1 1 1\nwww IN A 300.0.0.1\n");
    writeConfig("  - name: bad.test.\n    file: bad.test.zone");
    assertThat(post("/reload", TOKEN).statusCode()).isEqualTo(200);
    HttpResponse<String> health = get("/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("bad.test.").contains("bad.test.zone:3");

    // A config with an error changes nothing: t.test. and bad.test. stay configured.
    Files.writeString(configFile, Files.readString(configFile) + "no-such-key: 1\n");
    HttpResponse<String> rejected = post("/reload", TOKEN);
    assertThat(rejected.statusCode()).isEqualTo(422);
    assertThat(rejected.body()).contains("unknown key 'no-such-key'");
    assertThat(get("/zones").body()).contains("t.test.", "bad.test.");
  }

  @Test
  void metricsParseAndQueryCountersMove() throws Exception {
    Map<String, Double> before = PromText.parse(get("/metrics").body());
    for (int i = 0; i < 7; i++) {
      Message m = ServerTestSupport.udp(dns(), "www.t.test.", Type.A);
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    }
    ServerTestSupport.udp(dns(), "t.test.", Type.SOA);
    HttpResponse<String> r = get("/metrics");
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    Map<String, Double> after = PromText.parse(r.body());
    String a = "tandem_queries_total{qtype=\"A\",transport=\"udp\"}";
    assertThat(after.get(a) - before.getOrDefault(a, 0.0)).isEqualTo(7.0);
    String soa = "tandem_queries_total{qtype=\"SOA\",transport=\"udp\"}";
    assertThat(after.get(soa) - before.getOrDefault(soa, 0.0)).isEqualTo(1.0);
    String noerror = "tandem_responses_total{rcode=\"NOERROR\"}";
    assertThat(after.get(noerror) - before.getOrDefault(noerror, 0.0)).isEqualTo(8.0);
    assertThat(after.get("tandem_query_duration_seconds_count{transport=\"udp\"}")
        - before.getOrDefault("tandem_query_duration_seconds_count{transport=\"udp\"}", 0.0)).isEqualTo(8.0);
    assertThat(after.get("tandem_response_size_bytes_bucket{le=\"+Inf\",transport=\"udp\"}"))
        .isEqualTo(after.get("tandem_response_size_bytes_count{transport=\"udp\"}"));
    assertThat(after.get("tandem_cache_hits_total") + after.get("tandem_cache_misses_total"))
        .isGreaterThanOrEqualTo(8.0);
    assertThat(after).containsKey("tandem_cache_evictions_total");
    assertThat(after).containsEntry("tandem_zone_serial{zone=\"t.test.\"}", 1.0)
        .containsEntry("tandem_zone_healthy{zone=\"t.test.\"}", 1.0);
    assertThat(after.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes"));
  }

  @Test
  void theCliSaysWhenNoServerIsRunning() throws Exception {
    String addr = control();
    server.close();
    server = null;
    assertThat(cli("status", "--control", addr)).isEqualTo(1);
    assertThat(err.toString()).contains("connection refused");
  }

  /** A minimal reader of the Prometheus text format: sample lines to values, comments checked. */
  static final class PromText {
    private static final Pattern SAMPLE =
        Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)(\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Map<String, Double> parse(String text) {
      Map<String, Double> samples = new HashMap<>();
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        if (line.startsWith("#")) {
          assertThat(line).matches("^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");
          continue;
        }
        Matcher m = SAMPLE.matcher(line);
        assertThat(m.matches()).as("sample line: %s", line).isTrue();
        String labels = "";
        if (m.group(2) != null) {
          java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>();
          Matcher l = LABEL.matcher(m.group(2));
          while (l.find()) {
            sorted.put(l.group(1), l.group(2));
          }
          StringBuilder sb = new StringBuilder("{");
          sorted.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(k).append("=\"").append(v).append('"'));
          labels = sb.append('}').toString();
        }
        String v = m.group(3);
        double value = v.equals("+Inf") ? Double.POSITIVE_INFINITY : v.equals("-Inf") ? Double.NEGATIVE_INFINITY
            : Double.parseDouble(v);
        samples.put(m.group(1) + labels, value);
      }
      return samples;
    }
  }
}
