package io.tandemdns.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.ServerTestSupport;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ConfigFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * Issue 6 metrics "TCP connections open/refused" through the real admin endpoint: connections over
 * the per-client and the total limit are refused at accept, and {@code /metrics} counts them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpConnectionMetricsTest {
  private static final String OPEN = "tandem_tcp_connections_open";
  private static final String ACCEPTED = "tandem_tcp_connections_accepted_total";
  private static final String PER_CLIENT = "tandem_tcp_connections_refused_total{limit=\"per-client\"}";
  private static final String TOTAL = "tandem_tcp_connections_refused_total{limit=\"total\"}";

  @TempDir Path dir;
  private TandemServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    ServerTestSupport.writeZone(dir, ServerTestSupport.zoneText(1, 10));
    Path conf = dir.resolve("tandem.yaml");
    Files.writeString(conf, String.join("\n",
        "listen: [\"127.0.0.1:0\"]",
        "tcp:",
        "  max-connections: 3",
        "  max-connections-per-client: 2",
        "zones:",
        "  - name: t.test.",
        "    file: t.test.zone",
        "control:",
        "  listen: \"127.0.0.1:0\"",
        "  token: \"0123456789abcdef-test-token\"",
        ""));
    server = TandemServer.start(ConfigFile.read(conf));
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Map<String, Double> metrics() throws Exception {
    int port = server.operations().control().address().getPort();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return ControlApiTest.PromText.parse(r.body());
  }

  /** A TCP connection from {@code from} to the DNS port (Linux routes all of 127/8 to lo). */
  private Socket connect(InetAddress from) throws Exception {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(from, 0));
    s.connect(server.tcpAddresses().get(0), ServerTestSupport.TIMEOUT_MS);
    s.setSoTimeout(ServerTestSupport.TIMEOUT_MS);
    return s;
  }

  /** Connects and proves the connection is served: one query answered over it. */
  private void served(InetAddress from) throws Exception {
    Socket s = connect(from);
    ServerTestSupport.writeFrame(s.getOutputStream(), ServerTestSupport.query("www.t.test.", Type.A, 7));
    Message m = ServerTestSupport.readFrame(s.getInputStream());
    assertThat(ServerTestSupport.firstA(m)).isEqualTo("192.0.2.10");
  }

  private void refused(InetAddress from) throws Exception {
    assertThat(ServerTestSupport.closedWithin(connect(from), 2000)).as("refused at accept").isTrue();
  }

  private static double delta(Map<String, Double> after, Map<String, Double> before, String key) {
    assertThat(after).containsKey(key);
    return after.get(key) - before.getOrDefault(key, 0.0);
  }

  @Test
  void refusedConnectionsAreCountedByLimit() throws Exception {
    InetAddress a = ServerTestSupport.addr(127, 0, 0, 1);
    InetAddress b = ServerTestSupport.addr(127, 0, 0, 2);
    InetAddress c = ServerTestSupport.addr(127, 0, 0, 3);
    Map<String, Double> before = metrics();
    assertThat(before).containsEntry(OPEN, 0.0);

    served(a);
    served(a);
    refused(a); // third from the same address: over the per-client limit (2)
    served(b); // total now 3
    refused(c); // over the total limit (3), though c has none open

    Map<String, Double> after = metrics();
    assertThat(after).containsEntry(OPEN, 3.0);
    assertThat(delta(after, before, ACCEPTED)).isEqualTo(3.0);
    assertThat(delta(after, before, PER_CLIENT)).isEqualTo(1.0);
    assertThat(delta(after, before, TOTAL)).isEqualTo(1.0);

    // Closing gives the slots back: the gauge falls and a new client is admitted.
    for (Socket s : sockets) {
      s.close();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (metrics().get(OPEN) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(metrics()).containsEntry(OPEN, 0.0);
    served(c);
    Map<String, Double> last = metrics();
    assertThat(last).containsEntry(OPEN, 1.0);
    assertThat(delta(last, before, ACCEPTED)).isEqualTo(4.0);
    assertThat(delta(last, before, TOTAL)).isEqualTo(1.0);
  }
}
