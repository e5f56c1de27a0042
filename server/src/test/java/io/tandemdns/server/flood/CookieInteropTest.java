package io.tandemdns.server.flood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandemdns.server.ServerTestSupport;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.cookie.CookieSettings;
import io.tandemdns.server.config.ServerConfig;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * DNS cookies end to end: our own client over UDP for the RFC 7873 §5.2 cases, then {@code kdig
 * +cookie} and {@code dig +cookie} (skipped when not installed), whose output must show the server
 * cookie echoed back and accepted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CookieInteropTest {
  private static final byte[] SECRET = HexFormat.of().parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf");
  @TempDir Path dir;
  private TandemServer server;
  private InetSocketAddress address;

  @BeforeEach
  void start() throws Exception {
    Path zone = ServerTestSupport.writeZone(dir, ServerTestSupport.zoneText(1, 80));
    ServerConfig config = ServerConfig.quick(ServerTestSupport.anyPort4(), Map.of(ServerTestSupport.ORIGIN, zone));
    config = config.withQuery(config.query().withCookies(new CookieSettings(true, SECRET, null)));
    server = TandemServer.start(config);
    address = new InetSocketAddress(ServerTestSupport.loopback4(), server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aClientCookieGetsAServerCookieAndAValidOneIsEchoed() throws Exception {
    try (DatagramSocket s = socket()) {
      byte[] client = {9, 8, 7, 6, 5, 4, 3, 2};
      Message first = FloodClient.exchange(s, address, FloodClient.query("www.t.test.", Type.A, 1, client)).orElseThrow();
      assertThat(first.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(ServerTestSupport.firstA(first)).isEqualTo("192.0.2.80");
      byte[] cookie = FloodClient.cookie(first).orElseThrow();
      assertThat(cookie).hasSize(24);
      assertThat(java.util.Arrays.copyOf(cookie, 8)).isEqualTo(client);
      assertThat(cookie[8]).as("RFC 9018 version").isEqualTo((byte) 1);
      Message second = FloodClient.exchange(s, address, FloodClient.query("www.t.test.", Type.A, 2, cookie)).orElseThrow();
      assertThat(FloodClient.cookie(second).orElseThrow()).as("fresh and valid: echoed as it is").isEqualTo(cookie);
      // Errors carry the cookie too (REFUSED outside our zones).
      Message refused = FloodClient.exchange(s, address, FloodClient.query("www.example.", Type.A, 3, cookie)).orElseThrow();
      assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
      assertThat(FloodClient.cookie(refused)).isPresent();
      // No cookie asked, none volunteered.
      Message plain = FloodClient.exchange(s, address, FloodClient.query("www.t.test.", Type.A, 4, null)).orElseThrow();
      assertThat(FloodClient.cookie(plain)).isEmpty();
    }
  }

  @Test
  void aWrongServerCookieIsReplacedNotRefused() throws Exception {
    try (DatagramSocket s = socket()) {
      byte[] forged = HexFormat.of().parseHex("0102030405060708" + "01000000" + "5cf79f11" + "0000000000000000");
      Message m = FloodClient.exchange(s, address, FloodClient.query("www.t.test.", Type.A, 1, forged)).orElseThrow();
      assertThat(m.getRcode()).as("RFC 7873 §5.2.4: treated like a client cookie only").isEqualTo(Rcode.NOERROR);
      byte[] cookie = FloodClient.cookie(m).orElseThrow();
      assertThat(java.util.Arrays.copyOfRange(cookie, 16, 24)).isNotEqualTo(new byte[8]);
    }
  }

  @Test
  void malformedCookieOptionsAreFormerr() throws Exception {
    try (DatagramSocket s = socket()) {
      for (int len : new int[] {0, 7, 9, 15, 41}) {
        byte[] q = rawCookieQuery(len);
        Message m = FloodClient.exchange(s, address, q).orElseThrow();
        assertThat(m.getRcode()).as("cookie of %d bytes", len).isEqualTo(Rcode.FORMERR);
      }
      for (int len : new int[] {8, 16, 24, 40}) {
        Message m = FloodClient.exchange(s, address, rawCookieQuery(len)).orElseThrow();
        assertThat(m.getRcode()).as("cookie of %d bytes", len).isEqualTo(Rcode.NOERROR);
      }
    }
  }

  @Test
  void kdigReceivesAndEchoesTheServerCookie() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/kdig")), "kdig not installed");
    String out = run("/usr/bin/kdig", "@127.0.0.1", "-p", String.valueOf(server.port()), "+cookie", "+norec",
        "+timeout=2", "+retry=0", "www.t.test.", "A");
    String cookie = find(Pattern.compile("COOKIE: ([0-9A-Fa-f]{16})([0-9A-Fa-f]{32})"), out, "kdig cookie", 2);
    assertThat(out).contains("192.0.2.80");
    // Second round: hand kdig the full cookie it got; Tandem echoes it (fresh, valid).
    String full = find(Pattern.compile("COOKIE: ([0-9A-Fa-f]{48})"), out, "kdig full cookie", 1);
    String again = run("/usr/bin/kdig", "@127.0.0.1", "-p", String.valueOf(server.port()), "+cookie=" + full,
        "+norec", "+timeout=2", "+retry=0", "www.t.test.", "A");
    assertThat(find(Pattern.compile("COOKIE: ([0-9A-Fa-f]{48})"), again, "kdig echoed cookie", 1))
        .isEqualToIgnoringCase(full);
    assertThat(again).doesNotContainIgnoringCase("BADCOOKIE").contains("192.0.2.80");
    assertThat(cookie).isNotEmpty();
  }

  @Test
  void digReceivesAndEchoesTheServerCookie() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/dig")), "dig not installed");
    String out = run("/usr/bin/dig", "@127.0.0.1", "-p", String.valueOf(server.port()), "+cookie", "+norec",
        "+time=2", "+tries=1", "www.t.test.", "A");
    // dig prints "; COOKIE: <client><server> (good)" when the server returned a cookie for its own.
    String full = find(Pattern.compile("COOKIE: ([0-9a-fA-F]{48})"), out, "dig cookie", 1);
    assertThat(out).contains("(good)").contains("192.0.2.80");
    String again = run("/usr/bin/dig", "@127.0.0.1", "-p", String.valueOf(server.port()), "+cookie=" + full,
        "+norec", "+time=2", "+tries=1", "www.t.test.", "A");
    assertThat(find(Pattern.compile("COOKIE: ([0-9a-fA-F]{48})"), again, "dig echoed cookie", 1))
        .isEqualToIgnoringCase(full);
    assertThat(again).contains("(good)");
  }

  private static DatagramSocket socket() throws IOException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(ServerTestSupport.loopback4(), 0));
    s.setSoTimeout(2000);
    return s;
  }

  /** www.t.test A with an OPT whose only option is a COOKIE of {@code len} zero-ish bytes. */
  private static byte[] rawCookieQuery(int len) {
    byte[] base = ServerTestSupport.query("www.t.test.", Type.A, 77);
    byte[] opt = new byte[11 + 4 + len];
    opt[2] = 41; // TYPE OPT (0x0029) at opt[1..2]
    opt[3] = 0x04; // payload 1232 = 0x04D0
    opt[4] = (byte) 0xD0;
    int rdlen = 4 + len;
    opt[9] = (byte) (rdlen >> 8);
    opt[10] = (byte) rdlen;
    opt[12] = 10; // option code 10 (COOKIE)
    opt[13] = (byte) (len >> 8);
    opt[14] = (byte) len;
    for (int i = 0; i < len; i++) {
      opt[15 + i] = (byte) (i + 1);
    }
    byte[] q = java.util.Arrays.copyOf(base, base.length + opt.length);
    System.arraycopy(opt, 0, q, base.length, opt.length);
    q[11] = 1; // ARCOUNT = 1
    return q;
  }

  private static String find(Pattern p, String text, String what, int groups) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as(what + " in:\n" + text).isTrue();
    StringBuilder sb = new StringBuilder();
    for (int g = 1; g <= groups; g++) {
      sb.append(m.group(g));
    }
    return sb.toString();
  }

  private static String run(String... cmd) throws Exception {
    List<String> command = new ArrayList<>(List.of(cmd));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        throw new AssertionError(String.join(" ", command) + " did not finish in 15 s");
      }
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
    }
  }
}
