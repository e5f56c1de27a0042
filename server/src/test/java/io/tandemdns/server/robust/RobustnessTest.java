package io.tandemdns.server.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.robust.PacketFactory.Expect;
import io.tandemdns.server.robust.PacketFactory.Packet;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Robustness: thousands of seeded malformed and random packets against the in-process server
 * over UDP and TCP. Every packet gets no answer or a well-formed one (parseable, QR=1, same ID);
 * responses (QR=1) are never answered; afterwards the server still answers correctly on both
 * transports and Netty's paranoid leak detector reported nothing.
 *
 * <p>Seed: {@code -Dtandem.robust.seed=N} (default fixed, printed) reproduces a run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class RobustnessTest {
  private static final long SEED = Long.getLong("tandem.robust.seed", 0x7A4D3E5L);
  private static final int UDP_PACKETS = 4200;
  private static final int TCP_PACKETS = 1200;
  private static final int UDP_BATCH = 200;
  private static final int TCP_TIMEOUT_MS = 1000;
  private static final int MAX_REPORTED = 25;

  private static TandemServer server;
  private static InetSocketAddress address;
  private static LeakLog leakLog;
  private static ResourceLeakDetector.Level previousLevel;
  private static PacketFactory packets;
  private static final AtomicInteger SENT = new AtomicInteger();
  private static final List<String> PROBLEMS = new ArrayList<>();
  private static final Map<String, int[]> STATS = new TreeMap<>();

  @BeforeAll
  static void start() throws URISyntaxException {
    // Paranoid: every buffer is tracked, so any buffer the server forgets to release is reported.
    // Set before the server allocates anything; restored afterwards for the other test classes.
    previousLevel = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    leakLog = LeakLog.install();
    System.out.println("robustness seed: " + SEED + " (rerun with -Dtandem.robust.seed=" + SEED + ")");
    packets = new PacketFactory(SEED);
    Path zone = Path.of(RobustnessTest.class.getResource("/diff/diff.test.zone").toURI());
    server = TandemServer.start(ServerConfig.quick(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(Name.fromConstantString("diff.test."), zone)));
    address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
  }

  @AfterAll
  static void stop() {
    System.out.println("robustness: " + SENT.get() + " packets sent, " + PROBLEMS.size() + " problems; per kind"
        + " [sent, answered, noerror, formerr, other rcode]:");
    STATS.forEach((k, v) -> System.out.printf("  %-32s %s%n", k, Arrays.toString(v)));
    if (server != null) {
      server.close();
    }
    if (leakLog != null) {
      leakLog.close();
    }
    if (previousLevel != null) {
      ResourceLeakDetector.setLevel(previousLevel);
    }
  }

  @Test
  @Order(1)
  void leakDetectionIsLive() throws InterruptedException {
    // Canary: without it a broken capture would make the final no-leak assertion vacuous.
    ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    leaked.writeInt(42);
    leaked = null;
    for (int i = 0; i < 40 && leakLog.leaks().isEmpty(); i++) {
      provokeLeakReports();
    }
    assertThat(leakLog.leaks()).as("Netty reports a deliberately leaked buffer").isNotEmpty();
    leakLog.clear();
  }

  @Test
  @Order(2)
  void udpStorm() throws IOException {
    List<Packet> batch = new ArrayList<>();
    for (int i = 0; i < UDP_PACKETS; i++) {
      batch.add(packets.next());
      if (batch.size() == UDP_BATCH) {
        sendUdpBatch(batch);
        batch.clear();
      }
    }
    sendUdpBatch(batch);
    assertNoProblems();
  }

  @Test
  @Order(3)
  void tcpStorm() throws IOException {
    // One hostile frame, then a ping (a good query with a reserved ID): everything received
    // before the ping's answer belongs to the hostile frame, so each frame's fate is exact —
    // answered, dropped, or the connection closed (RFC 7766 §8 allows closing on bad input).
    Socket s = connect();
    try {
      for (int i = 0; i < TCP_PACKETS; i++) {
        Packet p = packets.next();
        byte[] ping = www();
        ping[0] = (byte) 0xff;
        ping[1] = (byte) 0xff;
        if (p.bytes().length >= 2 && p.id() == 0xffff) {
          p.bytes()[1] = 0; // keep the ping's ID unique
        }
        boolean closed;
        List<byte[]> forFrame = new ArrayList<>();
        try {
          Wire.write(s, concat(Wire.frame(p.bytes()), Wire.frame(ping)));
          countSent(1);
          closed = readUntilPing(s, forFrame);
        } catch (IOException e) {
          closed = true;
        }
        if (forFrame.size() > 1) {
          problem("tcp " + p.kind() + ": " + forFrame.size() + " responses to one frame", p.bytes());
        }
        check("tcp", p, forFrame.isEmpty() ? null : forFrame.get(0), true);
        if (closed) {
          if (p.expect() == Expect.ANSWER) {
            problem("tcp " + p.kind() + ": connection closed after a well-formed query", p.bytes());
          }
          s.close();
          s = connect();
        }
      }
    } finally {
      s.close();
    }
    assertNoProblems();
  }

  /** Reads responses until the ping's (ID 0xffff); returns true if the server closed first. */
  private static boolean readUntilPing(Socket s, List<byte[]> others) throws IOException {
    while (true) {
      Wire.Received r = Wire.readAll(s, 1);
      if (r.messages().isEmpty()) {
        if (!r.closedByServer()) {
          problem("tcp: the ping after a frame was not answered within " + TCP_TIMEOUT_MS + " ms", new byte[0]);
        }
        return true;
      }
      byte[] m = r.messages().get(0);
      if (Wire.id(m) == 0xffff) {
        try {
          assertWww(new Message(m), 0xffff);
        } catch (IOException | AssertionError e) {
          problem("tcp: wrong answer to the ping: " + e.getMessage(), m);
        }
        return false;
      }
      others.add(m);
    }
  }

  @Test
  @Order(4)
  void tcpFramingAbuse() throws IOException, InterruptedException {
    byte[] query = www();
    // Length 0, then a good frame: close or answer the good one, never a crash.
    try (Socket s = connect()) {
      Wire.write(s, concat(new byte[] {0, 0}, Wire.frame(query)));
      Wire.Received r = Wire.readAll(s, 4);
      checkAll("tcp zero-length frame", r.messages(), Wire.id(query));
      countSent(2);
    }
    // Length shorter than the data: the tail is read as the next frame's length.
    try (Socket s = connect()) {
      byte[] framed = Wire.frame(query);
      framed[1] = (byte) (query.length - 5);
      Wire.write(s, concat(framed, Wire.frame(query)));
      Wire.Received r = Wire.readAll(s, 4);
      checkAll("tcp short length", r.messages(), -1);
      countSent(2);
    }
    // Length longer than the data: an incomplete frame must not be answered.
    try (Socket s = connect()) {
      byte[] framed = Wire.frame(query);
      framed[0] = 0;
      framed[1] = (byte) 200;
      Wire.write(s, framed);
      s.setSoTimeout(300);
      Wire.Received r = Wire.readAll(s, 1);
      record("tcp long length", r.messages().isEmpty() ? null : r.messages().get(0));
      if (!r.messages().isEmpty()) {
        problem("tcp long length: answered an incomplete frame", framed);
      }
      countSent(1);
    }
    // Oversized frames: 65535 bytes of noise, and a frame of length 1.
    for (byte[] noise : List.of(packets.randomBytes(65535), new byte[] {7})) {
      try (Socket s = connect()) {
        try {
          Wire.write(s, Wire.frame(noise));
        } catch (IOException closed) {
          // closed early: fine
        }
        Wire.Received r = Wire.readAll(s, 2);
        checkAll("tcp noise frame " + noise.length, r.messages(), Wire.id(noise));
        countSent(1);
      }
    }
    // Slow client: one byte every 5 ms (bounded, ~40 bytes); the query is still answered.
    try (Socket s = connect()) {
      byte[] framed = Wire.frame(query);
      for (byte b : framed) {
        Wire.write(s, new byte[] {b});
        Thread.sleep(5);
      }
      Wire.Received r = Wire.readAll(s, 1);
      assertThat(r.messages()).as("slow byte-by-byte query answered").hasSize(1);
      assertWww(new Message(r.messages().get(0)), Wire.id(query));
      countSent(1);
    }
    assertNoProblems();
  }

  @Test
  @Order(5)
  void manyConcurrentConnections() throws IOException {
    // Within the per-client limit (50 by default): every pipelined query is answered.
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        open.add(connect());
      }
      for (Socket s : open) {
        Wire.write(s, concat(Wire.frame(www()), Wire.frame(www()), Wire.frame(www())));
        countSent(3);
      }
      for (Socket s : open) {
        Wire.Received r = Wire.readAll(s, 3);
        assertThat(r.messages()).as("3 pipelined answers per connection").hasSize(3);
        for (byte[] m : r.messages()) {
          assertWww(new Message(m), -1);
        }
      }
    } finally {
      closeAll(open);
    }
    // Beyond the limit: excess connections may be refused or closed, the server survives.
    try {
      for (int i = 0; i < 120; i++) {
        try {
          open.add(connect());
        } catch (IOException refused) {
          break;
        }
      }
      int answered = 0;
      for (Socket s : open) {
        try {
          Wire.write(s, Wire.frame(www()));
          countSent(1);
        } catch (IOException closed) {
          continue;
        }
      }
      for (Socket s : open) {
        s.setSoTimeout(300);
        Wire.Received r = Wire.readAll(s, 1);
        for (byte[] m : r.messages()) {
          assertWww(new Message(m), -1);
          answered++;
        }
      }
      System.out.println("robustness: " + open.size() + " concurrent connections, " + answered + " answered");
      assertThat(answered).as("connections within the limit still served").isGreaterThan(0);
    } finally {
      closeAll(open);
    }
  }

  @Test
  @Order(6)
  void stillServesAndNothingLeaked() throws IOException, InterruptedException {
    byte[] q = www();
    assertWww(new Message(udp(q)), Wire.id(q));
    try (Socket s = connect()) {
      Wire.write(s, Wire.frame(q));
      Wire.Received r = Wire.readAll(s, 1);
      assertThat(r.messages()).hasSize(1);
      assertWww(new Message(r.messages().get(0)), Wire.id(q));
    }
    for (int i = 0; i < 5; i++) {
      provokeLeakReports();
    }
    assertThat(leakLog.leaks()).as("Netty LEAK reports").isEmpty();
    assertThat(SENT.get()).as("packets sent in total").isGreaterThanOrEqualTo(5000);
  }

  // ---------------------------------------------------------------------------------------

  private void sendUdpBatch(List<Packet> batch) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    UdpBurst.Result result = UdpBurst.send(address, batch.stream().map(Packet::bytes).toList());
    countSent(batch.size());
    for (int i : result.unreachable()) {
      problem("udp: server port unreachable (crashed listener?)", batch.get(i).bytes());
    }
    Map<Integer, List<byte[]>> responses = result.responses();
    for (int i = 0; i < batch.size(); i++) {
      Packet p = batch.get(i);
      List<byte[]> got = responses.getOrDefault(i, List.of());
      if (got.size() > 1) {
        problem("udp " + p.kind() + ": " + got.size() + " responses to one datagram", p.bytes());
      }
      check("udp", p, got.isEmpty() ? null : got.get(0), true);
    }
  }

  /** Per-packet verdict; {@code mustAnswer} is false when silence cannot be blamed on the packet. */
  private void check(String transport, Packet p, byte[] response, boolean mustAnswer) {
    record(transport + " " + p.kind(), response);
    if (response == null) {
      if (p.expect() == Expect.ANSWER && mustAnswer) {
        problem(transport + " " + p.kind() + ": a well-formed query got no answer", p.bytes());
      }
      return;
    }
    if (p.expect() == Expect.NO_ANSWER) {
      problem(transport + " " + p.kind() + ": a QR=1 message was answered", p.bytes());
      return;
    }
    Message m = parse(transport + " " + p.kind(), response, p.bytes());
    if (m == null) {
      return;
    }
    if (p.bytes().length >= 2 && m.getHeader().getID() != p.id()) {
      problem(transport + " " + p.kind() + ": response ID " + m.getHeader().getID() + " != " + p.id(), p.bytes());
    }
    if (p.expect() == Expect.ERROR_OR_NOTHING && m.getRcode() == Rcode.NOERROR) {
      problem(transport + " " + p.kind() + ": malformed query answered NOERROR", p.bytes());
    }
    if (transport.equals("udp") && p.expect() == Expect.ANSWER) {
      int limit = udpLimit(p.bytes());
      if (response.length > limit) {
        problem("udp " + p.kind() + ": response of " + response.length + " bytes > client limit " + limit, p.bytes());
      }
    }
  }

  /** RFC 6891 §6.2.3/§6.2.5: 512 without EDNS, else the requester's size (min 512), capped at ours. */
  private static int udpLimit(byte[] query) {
    try {
      OPTRecord opt = new Message(query).getOPT();
      if (opt == null) {
        return 512;
      }
      return Math.min(Math.max(512, opt.getPayloadSize()), server.config().query().ednsPayload());
    } catch (IOException e) {
      return 65535;
    }
  }

  private void checkAll(String what, List<byte[]> responses, int expectedId) {
    for (byte[] r : responses) {
      record(what, r);
      Message m = parse(what, r, new byte[0]);
      if (m != null && expectedId >= 0 && m.getHeader().getID() != expectedId) {
        problem(what + ": unexpected response ID " + m.getHeader().getID(), r);
      }
    }
  }

  private Message parse(String what, byte[] response, byte[] query) {
    Message m;
    try {
      m = new Message(response);
    } catch (IOException e) {
      problem(what + ": unparseable response " + HexFormat.of().formatHex(response) + " (" + e.getMessage() + ")", query);
      return null;
    }
    if (!m.getHeader().getFlag(Flags.QR)) {
      problem(what + ": response without QR", query);
    }
    return m;
  }

  private static synchronized void record(String kind, byte[] response) {
    String key = kind.replaceAll("0x[0-9a-f]+|\\d+", "N");
    int[] s = STATS.computeIfAbsent(key, k -> new int[5]);
    s[0]++;
    if (response != null) {
      s[1]++;
      int rcode = response.length >= 4 ? response[3] & 0x0f : -1;
      s[rcode == Rcode.NOERROR ? 2 : rcode == Rcode.FORMERR ? 3 : 4]++;
    }
  }

  private static synchronized void problem(String what, byte[] query) {
    PROBLEMS.add(what + " | query " + HexFormat.of().formatHex(query, 0, Math.min(query.length, 80)));
  }

  private static void assertNoProblems() {
    List<String> shown;
    synchronized (RobustnessTest.class) {
      shown = PROBLEMS.subList(0, Math.min(PROBLEMS.size(), MAX_REPORTED));
      assertThat(PROBLEMS).as("problems (seed " + SEED + "), first " + shown.size() + ":\n  "
          + String.join("\n  ", shown)).isEmpty();
    }
  }

  private static void countSent(int n) {
    SENT.addAndGet(n);
  }

  private byte[] www() {
    return packets.simpleQuery("www.diff.test.", Type.A);
  }

  private static void assertWww(Message m, int id) {
    if (id >= 0) {
      assertThat(m.getHeader().getID()).isEqualTo(id);
    }
    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    List<Record> answer = m.getSection(Section.ANSWER);
    assertThat(answer).hasSize(1);
    assertThat(answer.get(0)).isInstanceOf(ARecord.class);
    assertThat(((ARecord) answer.get(0)).getAddress().getHostAddress()).isEqualTo("192.0.2.80");
  }

  private static byte[] udp(byte[] query) throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      s.setSoTimeout(2000);
      s.connect(address);
      s.send(new DatagramPacket(query, query.length));
      byte[] buf = new byte[65535];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      s.receive(p);
      countSent(1);
      return Arrays.copyOf(buf, p.getLength());
    }
  }

  private static Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(address, TCP_TIMEOUT_MS);
    s.setSoTimeout(TCP_TIMEOUT_MS);
    s.setTcpNoDelay(true);
    return s;
  }

  /** GC, then allocate: Netty reports leaked buffers when a later buffer is tracked. */
  private void provokeLeakReports() throws InterruptedException {
    System.gc();
    Thread.sleep(50);
    for (int i = 0; i < 20; i++) {
      PooledByteBufAllocator.DEFAULT.directBuffer(32).release();
      PooledByteBufAllocator.DEFAULT.heapBuffer(32).release();
    }
    // The server's own allocations (its allocator, its threads) trigger reports on its side.
    for (int i = 0; i < 10; i++) {
      try {
        udp(www());
      } catch (IOException e) {
        // the assertions elsewhere cover an unresponsive server
      }
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayBuilder b = new ByteArrayBuilder();
    for (byte[] p : parts) {
      b.add(p);
    }
    return b.bytes();
  }

  private static void closeAll(List<? extends AutoCloseable> items) {
    for (AutoCloseable c : items) {
      try {
        c.close();
      } catch (Exception e) {
        // closing a test client: nothing to do
      }
    }
    items.clear();
  }

  /** Growable byte array for building pipelined TCP writes. */
  private static final class ByteArrayBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void add(byte[] b) {
      out.writeBytes(b);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
