package io.tandemdns.server.cookie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandemdns.server.ServerTestSupport;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.diff.DnsClient;
import io.tandemdns.server.rrl.RrlSettings;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RFC 7873 §5.4: a QUERY with QDCOUNT=0 and only a COOKIE option is how a client fetches a server
 * cookie; it gets NOERROR, no question and the cookie in OPT. Every other question-less query stays
 * FORMERR. Also: after {@code cookies().rotate()}, cookies of the previous secret are still valid
 * end to end (observed through the RRL exemption valid cookies earn).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CookieOnlyQueryTest {
  private static final byte[] SECRET = HexFormat.of().parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf");
  private static final byte[] CLIENT = {1, 2, 3, 4, 5, 6, 7, 8};

  @TempDir Path dir;
  private TandemServer server;
  private InetSocketAddress address;

  private void start(RrlSettings rrl) throws IOException {
    Path zone = ServerTestSupport.writeZone(dir, ServerTestSupport.zoneText(1, 80));
    ServerConfig config = ServerConfig.quick(ServerTestSupport.anyPort4(), Map.of(ServerTestSupport.ORIGIN, zone));
    config = config.withQuery(config.query().withCookies(new CookieSettings(true, SECRET, null)));
    if (rrl != null) {
      config = config.withQuery(config.query().withRrl(rrl));
    }
    server = TandemServer.start(config);
    address = new InetSocketAddress(ServerTestSupport.loopback4(), server.port());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A header-only QUERY (QDCOUNT=0) with an OPT carrying the given EDNS options. */
  private static byte[] noQuestion(int id, List<EDNSOption> options) {
    Message m = new Message(id);
    m.getHeader().setOpcode(Opcode.QUERY);
    if (options != null) {
      m.addRecord(new OPTRecord(1232, 0, 0, 0, options), Section.ADDITIONAL);
    }
    return m.toWire();
  }

  private static CookieOption cookieOption(byte[] cookie) {
    return cookie.length == 8 ? new CookieOption(cookie)
        : new CookieOption(Arrays.copyOf(cookie, 8), Arrays.copyOfRange(cookie, 8, cookie.length));
  }

  private static Optional<byte[]> cookie(Message response) {
    OPTRecord opt = response.getOPT();
    if (opt == null) {
      return Optional.empty();
    }
    for (EDNSOption o : opt.getOptions(EDNSOption.Code.COOKIE)) {
      CookieOption c = (CookieOption) o;
      byte[] server = c.getServerCookie().orElse(new byte[0]);
      byte[] all = Arrays.copyOf(c.getClientCookie(), 8 + server.length);
      System.arraycopy(server, 0, all, 8, server.length);
      return Optional.of(all);
    }
    return Optional.empty();
  }

  private Message udp(byte[] query) throws IOException {
    return new Message(DnsClient.exchange(address, query, false));
  }

  @Test
  void aCookieOnlyQueryGetsTheServerCookie() throws Exception {
    start(null);
    for (boolean tcp : new boolean[] {false, true}) {
      Message first = new Message(DnsClient.exchange(address, noQuestion(11, List.of(new CookieOption(CLIENT))), tcp));
      assertThat(first.getRcode()).as("tcp=%s", tcp).isEqualTo(Rcode.NOERROR);
      assertThat(first.getHeader().getID()).isEqualTo(11);
      assertThat(first.getHeader().getOpcode()).isEqualTo(Opcode.QUERY);
      assertThat(first.getHeader().getCount(Section.QUESTION)).isZero();
      assertThat(first.getHeader().getCount(Section.ANSWER)).isZero();
      byte[] full = cookie(first).orElseThrow();
      assertThat(full).hasSize(24);
      assertThat(Arrays.copyOf(full, 8)).isEqualTo(CLIENT);
      assertThat(full[8]).as("RFC 9018 version").isEqualTo((byte) 1);

      // The fetched cookie is ours: sent back (cookie-only again or with a question) it is echoed.
      Message again = new Message(DnsClient.exchange(address, noQuestion(12, List.of(cookieOption(full))), tcp));
      assertThat(again.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(cookie(again).orElseThrow()).isEqualTo(full);
      Message real = Message.newQuery(Record.newRecord(Name.fromString("www.t.test."), Type.A, DClass.IN));
      real.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(cookieOption(full))), Section.ADDITIONAL);
      Message answer = new Message(DnsClient.exchange(address, real.toWire(), tcp));
      assertThat(ServerTestSupport.firstA(answer)).isEqualTo("192.0.2.80");
      assertThat(cookie(answer).orElseThrow()).isEqualTo(full);
    }
  }

  @Test
  void otherQuestionlessQueriesStayFormerr() throws Exception {
    start(null);
    // No OPT, OPT without a cookie, a malformed cookie (9 bytes: RFC 7873 §5.2.2), EDNS version 1.
    assertThat(udp(noQuestion(1, null)).getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(udp(noQuestion(2, List.of())).getRcode()).isEqualTo(Rcode.FORMERR);
    byte[] nine = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    assertThat(udp(noQuestion(3, List.of(new GenericEDNSOption(EDNSOption.Code.COOKIE, nine)))).getRcode()).isEqualTo(Rcode.FORMERR);
    Message v1 = new Message(4);
    v1.addRecord(new OPTRecord(1232, 0, 1, 0, List.of(new CookieOption(CLIENT))), Section.ADDITIONAL);
    assertThat(udp(v1.toWire()).getRcode()).isNotEqualTo(Rcode.NOERROR);
    // A record in the answer section besides the cookie: not a cookie-only query.
    Message withAnswer = new Message(5);
    withAnswer.addRecord(new ARecord(Name.fromString("www.t.test."), DClass.IN, 60,
        ServerTestSupport.addr(192, 0, 2, 1)), Section.ANSWER);
    withAnswer.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new CookieOption(CLIENT))), Section.ADDITIONAL);
    assertThat(udp(withAnswer.toWire()).getRcode()).isEqualTo(Rcode.FORMERR);
    // Another opcode without a question: NOTIMP as before (opcode first).
    Message status = new Message(6);
    status.getHeader().setOpcode(Opcode.STATUS);
    status.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new CookieOption(CLIENT))), Section.ADDITIONAL);
    assertThat(udp(status.toWire()).getRcode()).isEqualTo(Rcode.NOTIMP);
  }

  @Test
  void cookiesOffMeansFormerr() throws Exception {
    Path zone = ServerTestSupport.writeZone(dir, ServerTestSupport.zoneText(1, 80));
    ServerConfig config = ServerConfig.quick(ServerTestSupport.anyPort4(), Map.of(ServerTestSupport.ORIGIN, zone));
    server = TandemServer.start(config.withQuery(config.query().withCookies(new CookieSettings(false, SECRET, null))));
    address = new InetSocketAddress(ServerTestSupport.loopback4(), server.port());
    assertThat(server.queryProcessor().cookies()).isNull();
    assertThat(udp(noQuestion(1, List.of(new CookieOption(CLIENT)))).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  /** dig +cookie +header-only sends exactly the RFC 7873 §5.4 query. */
  @Test
  void digHeaderOnlyFetchesACookie() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/dig")), "dig not installed");
    start(null);
    String out = run("/usr/bin/dig", "@127.0.0.1", "-p", String.valueOf(server.port()), "+cookie", "+header-only",
        "+norec", "+time=2", "+tries=1");
    assertThat(out).contains("status: NOERROR").contains("QUERY: 0");
    Matcher m = Pattern.compile("COOKIE: ([0-9a-fA-F]{48})").matcher(out);
    assertThat(m.find()).as("server cookie in:%n%s", out).isTrue();
    assertThat(out).contains("(good)");
  }

  @Test
  void cookiesOfThePreviousSecretStayValidAfterRotation() throws Exception {
    // Rate 1/s and no slip: without a valid cookie most of a burst is dropped; with one, nothing is.
    start(RrlSettings.of(1).withSlip(0));
    ServerCookies cookies = server.queryProcessor().cookies();
    byte[] issued = cookie(udp(noQuestion(1, List.of(new CookieOption(CLIENT))))).orElseThrow();
    cookies.rotate(HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100"));
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(ServerTestSupport.loopback4(), 0))) {
      s.setSoTimeout(300);
      assertThat(answered(s, issued, 10)).as("previous secret: valid, exempt from RRL").isEqualTo(10);
      Message renewed = udp(query(99, issued));
      assertThat(cookie(renewed).orElseThrow()).as("renewed with the new secret").isNotEqualTo(issued);
      cookies.rotate(HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100"));
      assertThat(answered(s, issued, 10)).as("two rotations ago: not ours, rate limited").isLessThan(10);
    }
  }

  private static byte[] query(int id, byte[] cookie) throws IOException {
    Message m = Message.newQuery(Record.newRecord(Name.fromString("www.t.test."), Type.A, DClass.IN));
    m.getHeader().setID(id);
    m.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(cookieOption(cookie))), Section.ADDITIONAL);
    return m.toWire();
  }

  /** Sends {@code n} queries for www with this cookie, one at a time; counts the answers. */
  private int answered(DatagramSocket s, byte[] cookie, int n) throws IOException {
    int got = 0;
    byte[] buf = new byte[4096];
    for (int i = 0; i < n; i++) {
      byte[] q = query(100 + i, cookie);
      s.send(new DatagramPacket(q, q.length, address));
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        got++;
      } catch (SocketTimeoutException e) {
        // dropped by RRL
      }
    }
    return got;
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        throw new AssertionError(String.join(" ", cmd) + " did not finish in 15 s");
      }
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
    }
  }
}
