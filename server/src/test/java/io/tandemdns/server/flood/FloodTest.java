package io.tandemdns.server.flood;

import static io.tandemdns.server.ServerTestSupport.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.ServerTestSupport;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.rrl.RrlStats;
import io.tandemdns.server.rrl.RrlSettings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A flood on loopback: an attacker bound to 127.0.0.2 bursts at many times the limit while a
 * legitimate client in another /24 (127.1.0.1) queries at a normal rate. Bounded: 1,500 attacker
 * queries over about 1.5 s, 15 legitimate ones.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FloodTest {
  private static final int RATE = 20;
  private static final int ATTACK_QUERIES = 1500;
  private static final long ATTACK_GAP_NANOS = TimeUnit.MICROSECONDS.toNanos(1000);
  private static final int LEGIT_QUERIES = 15;

  @TempDir Path dir;
  private TandemServer server;
  private InetSocketAddress address;

  @BeforeEach
  void start() throws Exception {
    Path zone = ServerTestSupport.writeZone(dir, ServerTestSupport.zoneText(1, 80));
    ServerConfig config = ServerConfig.quick(ServerTestSupport.anyPort4(), Map.of(ServerTestSupport.ORIGIN, zone));
    config = config.withQuery(config.query().withRrl(RrlSettings.of(RATE).withSlip(2)));
    server = TandemServer.start(config);
    address = new InetSocketAddress(ServerTestSupport.loopback4(), server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void legitimateClientIsAnsweredWhileTheAttackerIsLimited() throws Exception {
    AtomicInteger legitAnswered = new AtomicInteger();
    CompletableFuture<Void> legit = CompletableFuture.runAsync(() -> {
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(addr(127, 1, 0, 1), 0))) {
        s.setSoTimeout(2000);
        for (int i = 0; i < LEGIT_QUERIES; i++) {
          Optional<Message> r = FloodClient.exchange(s, address, FloodClient.query("www.t.test.", Type.A, i, null));
          if (r.isPresent() && !r.get().getHeader().getFlag(Flags.TC)
              && "192.0.2.80".equals(ServerTestSupport.firstA(r.get()))) {
            legitAnswered.incrementAndGet();
          }
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    Attack result = attack(addr(127, 0, 0, 2), null);
    legit.get(30, TimeUnit.SECONDS);

    assertThat(legitAnswered.get()).as("legitimate client answered in full").isEqualTo(LEGIT_QUERIES);
    double seconds = result.elapsedNanos / 1e9;
    // Allowed: one second of initial credit plus the rate over the attack, plus 0.5 s of slack for
    // scheduling at both ends of the measurement.
    long allowed = (long) Math.ceil(RATE * (1 + seconds + 0.5));
    assertThat(result.answered).as("answers to the attacker in %.2f s", seconds).isBetween((long) RATE, allowed);
    long limited = ATTACK_QUERIES - result.answered;
    // slip 2: every second limited response is an empty TC=1 one (some may be lost on loopback).
    assertThat(result.slipped).isBetween(limited / 2 - limited / 10, limited / 2 + 1);
    assertThat(result.badSlips).as("slips that were not empty TC=1").isZero();
    RrlStats stats = server.queryProcessor().rateLimiter().stats();
    assertThat(stats.slippedCount()).isGreaterThanOrEqualTo(result.slipped);
    assertThat(stats.droppedCount()).isGreaterThan(limited / 3);
  }

  @Test
  void theSameAttackerOverTcpIsAnsweredInFull() throws Exception {
    attack(addr(127, 0, 0, 2), null); // the /24's bucket is now deep in debt
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(addr(127, 0, 0, 2), 0));
      s.connect(address, 3000);
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      int n = 200;
      for (int i = 0; i < n; i++) {
        ServerTestSupport.writeFrame(out, FloodClient.query("www.t.test.", Type.A, i, null));
      }
      for (int i = 0; i < n; i++) {
        Message m = ServerTestSupport.readFrame(in);
        assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(ServerTestSupport.firstA(m)).isEqualTo("192.0.2.80");
      }
    }
  }

  @Test
  void aClientWithAValidServerCookieIsNotLimited() throws Exception {
    attack(addr(127, 0, 0, 2), null); // same /24 as the cookie client below
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(addr(127, 0, 0, 3), 0))) {
      s.setSoTimeout(2000);
      byte[] clientCookie = {1, 2, 3, 4, 5, 6, 7, 8};
      // Learn a server cookie over TCP (never limited), as a resolver would after a slip.
      byte[] cookie;
      try (Socket t = new Socket()) {
        t.bind(new InetSocketAddress(addr(127, 0, 0, 3), 0));
        t.connect(address, 3000);
        t.setSoTimeout(3000);
        ServerTestSupport.writeFrame(t.getOutputStream(), FloodClient.query("www.t.test.", Type.A, 1, clientCookie));
        cookie = FloodClient.cookie(ServerTestSupport.readFrame(t.getInputStream())).orElseThrow();
      }
      assertThat(cookie).hasSize(24);
      assertThat(Arrays.copyOf(cookie, 8)).isEqualTo(clientCookie);
      int n = 300; // 15 times the rate, in one burst
      int answered = 0;
      for (int i = 0; i < n; i++) {
        Optional<Message> r = FloodClient.exchange(s, address, FloodClient.query("www.t.test.", Type.A, i, cookie));
        if (r.isPresent() && !r.get().getHeader().getFlag(Flags.TC) && ServerTestSupport.firstA(r.get()) != null) {
          answered++;
        }
      }
      assertThat(answered).isEqualTo(n);
      // Without the server cookie the same client, same burst, is limited.
      int plain = 0;
      for (int i = 0; i < 100; i++) {
        Optional<Message> r = FloodClient.exchange(s, address, FloodClient.query("www.t.test.", Type.A, i, null));
        if (r.isPresent() && !r.get().getHeader().getFlag(Flags.TC)) {
          plain++;
        }
      }
      assertThat(plain).isLessThan(100);
    }
  }

  @Test
  void randomSubdomainNxdomainsShareOneBucket() throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(addr(127, 0, 0, 9), 0))) {
      s.setReceiveBufferSize(1 << 20);
      s.setSoTimeout(500);
      int n = 200;
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        byte[] q = FloodClient.query("r" + i + ".t.test.", Type.A, i, null);
        s.send(new DatagramPacket(q, q.length, address));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      int nx = 0;
      byte[] buf = new byte[4096];
      try {
        while (true) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          s.receive(p);
          Message m = new Message(Arrays.copyOf(buf, p.getLength()));
          if (m.getRcode() == Rcode.NXDOMAIN && !m.getHeader().getFlag(Flags.TC)) {
            nx++;
          }
        }
      } catch (SocketTimeoutException e) {
        // quiet: all responses are in
      }
      // 200 different names, one bucket (the zone apex): about one second of credit.
      assertThat(nx).isBetween(RATE, (int) Math.ceil(RATE * (1 + seconds + 0.5)));
    }
  }

  private record Attack(long answered, long slipped, long badSlips, long elapsedNanos) {}

  /** Bursts {@link #ATTACK_QUERIES} UDP queries from {@code source}, collecting the responses concurrently. */
  private Attack attack(java.net.InetAddress source, byte[] cookie) throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(source, 0))) {
      s.setReceiveBufferSize(1 << 20);
      s.setSoTimeout(500);
      AtomicInteger answered = new AtomicInteger();
      AtomicInteger slipped = new AtomicInteger();
      AtomicInteger badSlips = new AtomicInteger();
      CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
        byte[] buf = new byte[4096];
        while (true) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          try {
            s.receive(p);
          } catch (SocketTimeoutException e) {
            return; // quiet for 0.5 s after the burst: done
          } catch (Exception e) {
            return;
          }
          try {
            Message m = new Message(Arrays.copyOf(buf, p.getLength()));
            if (m.getHeader().getFlag(Flags.TC)) {
              slipped.incrementAndGet();
              if (m.getSection(Section.ANSWER).size() != 0) {
                badSlips.incrementAndGet();
              }
            } else if (ServerTestSupport.firstA(m) != null) {
              answered.incrementAndGet();
            }
          } catch (Exception e) {
            badSlips.incrementAndGet();
          }
        }
      });
      long start = System.nanoTime();
      for (int i = 0; i < ATTACK_QUERIES; i++) {
        byte[] q = FloodClient.query("www.t.test.", Type.A, i, cookie);
        s.send(new DatagramPacket(q, q.length, address));
        LockSupport.parkNanos(ATTACK_GAP_NANOS);
      }
      long elapsed = System.nanoTime() - start;
      reader.get(30, TimeUnit.SECONDS);
      return new Attack(answered.get(), slipped.get(), badSlips.get(), elapsed);
    }
  }
}
