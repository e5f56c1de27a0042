package io.tandemdns.server.transport;

import static io.tandemdns.server.ServerTestSupport.ORIGIN;
import static io.tandemdns.server.ServerTestSupport.addr;
import static io.tandemdns.server.ServerTestSupport.anyPort4;
import static io.tandemdns.server.ServerTestSupport.closedWithin;
import static io.tandemdns.server.ServerTestSupport.firstA;
import static io.tandemdns.server.ServerTestSupport.query;
import static io.tandemdns.server.ServerTestSupport.readFrame;
import static io.tandemdns.server.ServerTestSupport.tcpConnect;
import static io.tandemdns.server.ServerTestSupport.writeFrame;
import static io.tandemdns.server.ServerTestSupport.writeZone;
import static io.tandemdns.server.ServerTestSupport.zoneText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.ServerTestSupport;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.config.TcpSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/** RFC 7766 behaviour of the TCP listener, over real sockets. */
class TcpTransportTest {
  @TempDir Path dir;
  TandemServer server;
  final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private InetSocketAddress start(TcpSettings tcp) throws IOException {
    ServerConfig cfg = ServerConfig.quick(anyPort4(), Map.of(ORIGIN, writeZone(dir, zoneText(1, 10)))).withTcp(tcp);
    server = TandemServer.start(cfg);
    return server.tcpAddresses().get(0);
  }

  private InetSocketAddress start() throws IOException {
    return start(TcpSettings.defaults());
  }

  private Socket connect(InetSocketAddress to) throws IOException {
    Socket s = tcpConnect(to);
    sockets.add(s);
    return s;
  }

  private Socket connectFrom(InetAddress local, InetSocketAddress to) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(local, 0));
    s.connect(to, ServerTestSupport.TIMEOUT_MS);
    s.setSoTimeout(ServerTestSupport.TIMEOUT_MS);
    return s;
  }

  private static byte[] framed(byte[]... messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] m : messages) {
      out.write(m.length >> 8);
      out.write(m.length & 0xff);
      out.write(m, 0, m.length);
    }
    return out.toByteArray();
  }

  private static boolean answers(Socket s, int id) throws IOException {
    writeFrame(s.getOutputStream(), query("www.t.test.", Type.A, id));
    Message r = readFrame(s.getInputStream());
    return r.getHeader().getID() == id && "192.0.2.10".equals(firstA(r));
  }

  @Test
  void pipelinedQueriesOnOneConnectionAreAllAnsweredInOrder() throws IOException {
    Socket s = connect(start());
    // Two queries in a single segment, then a third in the same connection later.
    s.getOutputStream().write(framed(query("www.t.test.", Type.A, 101), query("ns1.t.test.", Type.A, 102)));
    s.getOutputStream().flush();
    Message first = readFrame(s.getInputStream());
    Message second = readFrame(s.getInputStream());
    assertThat(first.getHeader().getID()).isEqualTo(101);
    assertThat(firstA(first)).isEqualTo("192.0.2.10");
    assertThat(second.getHeader().getID()).isEqualTo(102);
    assertThat(firstA(second)).isEqualTo("192.0.2.1");
    assertThat(answers(s, 103)).isTrue();
  }

  @Test
  void aClientThatHalfClosesStillGetsItsAnswersThenTheConnectionCloses() throws IOException {
    Socket s = connect(start());
    byte[] many = framed(java.util.stream.IntStream.range(0, 200)
        .mapToObj(i -> query("www.t.test.", Type.A, i)).toArray(byte[][]::new));
    s.getOutputStream().write(many);
    s.shutdownOutput();
    for (int i = 0; i < 200; i++) {
      assertThat(readFrame(s.getInputStream()).getHeader().getID()).isEqualTo(i);
    }
    assertThat(closedWithin(s, 3000)).isTrue();
  }

  @Test
  void aMessageSplitAcrossSegmentsIsReassembled() throws Exception {
    Socket s = connect(start());
    byte[] bytes = framed(query("www.t.test.", Type.A, 104));
    OutputStream out = s.getOutputStream();
    out.write(bytes, 0, 1);
    out.flush();
    Thread.sleep(50);
    out.write(bytes, 1, 10);
    out.flush();
    Thread.sleep(50);
    out.write(bytes, 11, bytes.length - 11);
    out.flush();
    assertThat(readFrame(s.getInputStream()).getHeader().getID()).isEqualTo(104);
  }

  @Test
  void aZeroLengthClosesTheConnection() throws IOException {
    Socket s = connect(start());
    s.getOutputStream().write(new byte[] {0, 0});
    s.getOutputStream().flush();
    assertThat(closedWithin(s, 3000)).isTrue();
  }

  @Test
  void aLengthShorterThanADnsHeaderClosesAtOnce() throws IOException {
    Socket s = connect(start());
    // Only the length: the server must not wait for the 5 bytes.
    s.getOutputStream().write(new byte[] {0, 5});
    s.getOutputStream().flush();
    assertThat(closedWithin(s, 3000)).isTrue();
  }

  @Test
  void anIdleConnectionIsClosedAfterTheTimeout() throws IOException {
    Socket s = connect(start(new TcpSettings(100, 10, Duration.ofMillis(500), 1000)));
    assertThat(answers(s, 1)).isTrue();
    assertThat(closedWithin(s, 4000)).isTrue();
  }

  @Test
  void aClientTricklingBytesIsCutOffByTheIdleTimeout() throws Exception {
    Socket s = connect(start(new TcpSettings(100, 10, Duration.ofMillis(500), 1000)));
    byte[] bytes = framed(query("www.t.test.", Type.A, 9));
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    boolean closed = false;
    long deadline = System.nanoTime() + 5_000_000_000L;
    // One byte every 200 ms would take ~6 s for the whole message; the server must not wait.
    for (int i = 0; i < bytes.length && System.nanoTime() < deadline && !closed; i++) {
      try {
        out.write(bytes[i]);
        out.flush();
      } catch (IOException e) {
        closed = true;
        break;
      }
      closed = closedWithin(s, 200);
    }
    assertThat(closed).as("closed before the trickled message completed").isTrue();
  }

  @Test
  void connectionsOverThePerClientLimitAreRefusedAndSlotsAreReturned() throws Exception {
    InetSocketAddress to = start(new TcpSettings(100, 2, Duration.ofSeconds(10), 1000));
    Socket a = connect(to);
    Socket b = connect(to);
    assertThat(answers(a, 1)).isTrue();
    assertThat(answers(b, 2)).isTrue();
    Socket c = connect(to);
    assertThat(closedWithin(c, 3000)).isTrue();
    // Another client address is not affected by this client's count.
    Socket other = connectFrom(addr(127, 0, 0, 2), to);
    assertThat(answers(other, 3)).isTrue();
    // Closing one frees its slot (released asynchronously: retry for a bounded time).
    a.close();
    boolean admitted = false;
    for (int i = 0; i < 20 && !admitted; i++) {
      Socket d = connect(to);
      try {
        admitted = answers(d, 4);
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    assertThat(admitted).isTrue();
  }

  @Test
  void connectionsOverTheTotalLimitAreRefused() throws IOException {
    InetSocketAddress to = start(new TcpSettings(2, 2, Duration.ofSeconds(10), 1000));
    Socket a = connectFrom(addr(127, 0, 0, 1), to);
    Socket b = connectFrom(addr(127, 0, 0, 2), to);
    assertThat(answers(a, 1)).isTrue();
    assertThat(answers(b, 2)).isTrue();
    Socket c = connectFrom(addr(127, 0, 0, 3), to);
    assertThat(closedWithin(c, 3000)).isTrue();
    assertThat(answers(a, 3)).isTrue();
  }

  @Test
  void theConnectionIsClosedAfterTheMaximumQueries() throws IOException {
    Socket s = connect(start(new TcpSettings(100, 10, Duration.ofSeconds(10), 2)));
    s.getOutputStream().write(framed(
        query("www.t.test.", Type.A, 1), query("www.t.test.", Type.A, 2), query("www.t.test.", Type.A, 3)));
    s.getOutputStream().flush();
    assertThat(readFrame(s.getInputStream()).getHeader().getID()).isEqualTo(1);
    assertThat(readFrame(s.getInputStream()).getHeader().getID()).isEqualTo(2);
    assertThat(closedWithin(s, 3000)).isTrue();
  }

  @Test
  void aConnectionResetDoesNotHurtTheListener() throws IOException {
    InetSocketAddress to = start();
    Socket s = connect(to);
    s.getOutputStream().write(framed(query("www.t.test.", Type.A, 1)));
    s.setSoLinger(true, 0);
    s.close(); // RST, likely before the answer is written
    assertThat(answers(connect(to), 2)).isTrue();
  }
}
