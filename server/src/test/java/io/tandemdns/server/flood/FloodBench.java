package io.tandemdns.server.flood;

import io.tandemdns.server.TandemServer;
import io.tandemdns.server.cli.DemoZone;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.rrl.RrlSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Flood benchmark (a main, not a test; loopback only, every phase bounded in time):
 *
 * <ol>
 *   <li>amplification: the worst response/query byte ratio over UDP for the demo zone and a zone of
 *       large TXT RRsets, per query and over a 2,000-query burst with and without RRL;
 *   <li>flood: UDP from 127.0.0.2 (one /24) as fast as two sender threads go for {@code seconds},
 *       while a legitimate client on 127.1.0.1 sends 100 queries/s: share of its queries answered,
 *       server CPU, attacker responses; against Tandem (RRL on) and, if installed, knotd with
 *       mod-rrl (same rate, same slip);
 *   <li>RRL cost: dnsperf (if installed) normal traffic throughput with RRL off and on (a rate high
 *       enough that nothing is limited, so only the bookkeeping is measured).
 * </ol>
 *
 * Run: {@code docs/flood-bench.sh} (or this class with the test classpath). Args: [seconds] (default 8).
 */
public final class FloodBench {
  private static final int RATE = 20;
  private static final Name DEMO = DemoZone.ORIGIN;

  private FloodBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    seconds = Math.max(2, Math.min(seconds, 25));
    Path dir = Files.createTempDirectory("tandem-flood-");
    Path demo = dir.resolve("example.com.zone");
    Files.writeString(demo, DemoZone.text());
    Path big = dir.resolve("big.test.zone");
    Files.writeString(big, bigTxtZone());
    Map<Name, Path> zones = Map.of(DEMO, demo, Name.fromConstantString("big.test."), big);

    System.out.println("== amplification (UDP, edns-payload 1232, response bytes / query bytes)");
    try (TandemServer off = start(zones, null)) {
      amplification(off.port(), "demo zone, RRL off", demoQueries());
      amplification(off.port(), "large TXT zone, RRL off", bigQueries());
      burst(off.port(), "burst of 2000 worst queries, RRL off");
    }
    try (TandemServer on = start(zones, RrlSettings.of(RATE))) {
      burst(on.port(), "burst of 2000 worst queries, RRL " + RATE + "/s slip 2");
    }

    System.out.println("\n== flood: one /24 at the generator's top rate for " + seconds + " s; legit client at 100 q/s");
    try (TandemServer on = start(zones, RrlSettings.of(RATE))) {
      flood("tandem (rrl " + RATE + "/s, slip 2)", on.port(), seconds, () -> tandemCpuNanos());
      System.out.println("   tandem rrl counters: " + on.queryProcessor().rateLimiter().stats());
    }
    try (TandemServer off = start(zones, null)) {
      flood("tandem (rrl off)", off.port(), seconds, () -> tandemCpuNanos());
    }
    Optional<Path> knotd = Files.isExecutable(Path.of("/usr/sbin/knotd")) ? Optional.of(Path.of("/usr/sbin/knotd"))
        : Optional.empty();
    if (knotd.isPresent()) {
      try (Knot k = Knot.start(knotd.get(), dir.resolve("knot"), zones, RATE)) {
        flood("knotd (mod-rrl rate-limit " + RATE + ", slip 2)", k.port, seconds, k::cpuNanos);
      }
    } else {
      System.out.println("   knotd not installed: skipped");
    }

    System.out.println("\n== RRL bookkeeping cost, normal traffic (dnsperf, " + seconds + " s each)");
    Path queries = dir.resolve("queries.txt");
    Files.writeString(queries, String.join("\n", List.of("www.example.com A", "example.com SOA",
        "mail.example.com A", "example.com NS", "nx.example.com A", "www.example.com AAAA")) + "\n");
    if (Files.isExecutable(Path.of("/usr/bin/dnsperf"))) {
      try (TandemServer off = start(zones, null)) {
        System.out.println("   rrl off: " + dnsperf(off.port(), queries, seconds));
      }
      try (TandemServer on = start(zones, RrlSettings.of(RrlSettings.MAX_RATE))) {
        System.out.println("   rrl on (nothing limited): " + dnsperf(on.port(), queries, seconds));
      }
    } else {
      System.out.println("   dnsperf not installed: skipped");
    }
  }

  private static TandemServer start(Map<Name, Path> zones, RrlSettings rrl) {
    ServerConfig c = ServerConfig.quick(new InetSocketAddress(lo(127, 0, 0, 1), 0), zones);
    return TandemServer.start(c.withThreads(2).withQuery(c.query().withRrl(rrl)));
  }

  /** A zone whose TXT RRsets grow from 1 to 40 strings of 200 bytes: some fill 1232 bytes exactly. */
  static String bigTxtZone() {
    StringBuilder sb = new StringBuilder("$ORIGIN big.test.\n$TTL 300\n@ SOA ns1 h 1 3600 600 86400 60\n@ NS ns1\n"
        + "ns1 A 192.0.2.1\n");
    String chunk = "x".repeat(200);
    for (int n = 1; n <= 40; n++) {
      for (int i = 0; i < n; i++) {
        sb.append("t").append(n).append(" TXT \"").append(i).append(chunk, 0, 200 - String.valueOf(i).length())
            .append("\"\n");
      }
    }
    return sb.toString();
  }

  private static List<byte[]> demoQueries() {
    List<byte[]> out = new ArrayList<>();
    String[] names = {"example.com.", "www.example.com.", "mail.example.com.", "ns1.example.com.", "nx.example.com.",
        "docs.example.com.", "x.apps.example.com.", "host.sub.example.com.", "_sip._udp.example.com."};
    int[] types = {Type.A, Type.AAAA, Type.MX, Type.TXT, Type.NS, Type.SOA, Type.ANY, Type.DNSKEY, Type.CAA, Type.SRV};
    int id = 0;
    for (String n : names) {
      for (int t : types) {
        out.add(FloodClient.query(n, t, id++, null));
        out.add(io.tandemdns.server.ServerTestSupport.query(n, t, id++)); // without EDNS
      }
    }
    return out;
  }

  private static List<byte[]> bigQueries() {
    List<byte[]> out = new ArrayList<>();
    for (int n = 1; n <= 40; n++) {
      out.add(FloodClient.query("t" + n + ".big.test.", Type.TXT, n, null));
      out.add(FloodClient.query("t" + n + ".big.test.", Type.ANY, n, null));
      out.add(io.tandemdns.server.ServerTestSupport.query("t" + n + ".big.test.", Type.TXT, n));
    }
    return out;
  }

  private static byte[] worst;

  private static void amplification(int port, String label, List<byte[]> queries) throws IOException {
    double best = 0;
    String which = "";
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(lo(127, 0, 0, 1), 0))) {
      s.setSoTimeout(1000);
      for (byte[] q : queries) {
        Optional<Message> r = FloodClient.exchange(s, new InetSocketAddress(lo(127, 0, 0, 1), port), q);
        if (r.isEmpty()) {
          continue;
        }
        int size = r.get().toWire().length;
        double f = (double) size / q.length;
        if (f > best) {
          best = f;
          Message qm = new Message(q);
          which = qm.getQuestion().getName() + " " + Type.string(qm.getQuestion().getType())
              + (qm.getOPT() == null ? " (no EDNS)" : " (EDNS)") + ": " + q.length + " -> " + size + " bytes"
              + (r.get().getHeader().getFlag(Flags.TC) ? " TC" : "");
          if (worst == null || f > factor(worst, port)) {
            worst = q;
          }
        }
      }
    }
    System.out.printf("   %-28s worst factor %5.1f  (%s)%n", label, best, which);
  }

  private static double factor(byte[] q, int port) throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(lo(127, 0, 0, 1), 0))) {
      s.setSoTimeout(1000);
      return FloodClient.exchange(s, new InetSocketAddress(lo(127, 0, 0, 1), port), q)
          .map(m -> (double) m.toWire().length / q.length).orElse(0.0);
    }
  }

  /** 2000 copies of the worst query from one address, paced over ~2 s: total bytes out / in. */
  private static void burst(int port, String label) throws Exception {
    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.bind(new InetSocketAddress(lo(127, 0, 0, 5), 0));
      ch.configureBlocking(false);
      InetSocketAddress server = new InetSocketAddress(lo(127, 0, 0, 1), port);
      long in = 0;
      long out = 0;
      ByteBuffer rb = ByteBuffer.allocate(4096);
      for (int i = 0; i < 2000; i++) {
        ch.send(ByteBuffer.wrap(worst), server);
        in += worst.length;
        LockSupport.parkNanos(1_000_000);
        rb.clear();
        while (ch.receive(rb) != null) {
          out += rb.position();
          rb.clear();
        }
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
      while (System.nanoTime() < deadline) {
        rb.clear();
        if (ch.receive(rb) != null) {
          out += rb.position();
        } else {
          LockSupport.parkNanos(1_000_000);
        }
      }
      System.out.printf("   %-44s bytes out/in %6.2f (%d/%d)%n", label, (double) out / in, out, in);
    }
  }

  private static void flood(String label, int port, int seconds, java.util.function.LongSupplier cpu) throws Exception {
    InetSocketAddress server = new InetSocketAddress(lo(127, 0, 0, 1), port);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong sent = new AtomicLong();
    AtomicLong received = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      DatagramChannel ch = DatagramChannel.open();
      ch.bind(new InetSocketAddress(lo(127, 0, 0, 2), 0));
      ch.configureBlocking(false);
      int tid = t;
      Thread sender = new Thread(() -> {
        ByteBuffer q = ByteBuffer.wrap(FloodClient.query("www.example.com.", Type.A, tid, null));
        ByteBuffer rb = ByteBuffer.allocate(4096);
        try (ch) {
          while (!stop.get()) {
            q.rewind();
            if (ch.send(q, server) > 0) {
              sent.incrementAndGet();
            }
            rb.clear();
            while (ch.receive(rb) != null) {
              received.incrementAndGet();
              rb.clear();
            }
          }
        } catch (IOException e) {
          // the run is over
        }
      }, "flood-" + t);
      threads.add(sender);
    }
    long cpu0 = cpu.getAsLong();
    long t0 = System.nanoTime();
    threads.forEach(Thread::start);
    int legitSent = 0;
    int legitAnswered = 0;
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(lo(127, 1, 0, 1), 0))) {
      s.setSoTimeout(1000);
      long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
      long next = System.nanoTime();
      while (System.nanoTime() < end) {
        legitSent++;
        try {
          Optional<Message> r = FloodClient.exchange(s, server, FloodClient.query("www.example.com.", Type.A, legitSent, null));
          if (r.isPresent() && !r.get().getHeader().getFlag(Flags.TC) && r.get().getSection(1).size() > 0) {
            legitAnswered++;
          }
        } catch (SocketTimeoutException e) {
          // lost
        }
        next += 10_000_000;
        LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
      }
    }
    stop.set(true);
    for (Thread t : threads) {
      t.join(2000);
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (cpu.getAsLong() - cpu0) / 1e9;
    System.out.printf("   %-40s attack %,9.0f q/s sent, %,8.0f r/s back; legit %d/%d answered (%.1f%%); server CPU %.0f%% of a core%n",
        label, sent.get() / elapsed, received.get() / elapsed, legitAnswered, legitSent,
        100.0 * legitAnswered / legitSent, 100 * cpuSeconds / elapsed);
  }

  private static long tandemCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (var info : mx.dumpAllThreads(false, false)) {
      if (info.getThreadName().startsWith("tandem-io")) {
        long t = mx.getThreadCpuTime(info.getThreadId());
        sum += Math.max(0, t);
      }
    }
    return sum;
  }

  private static String dnsperf(int port, Path queries, int seconds) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/dnsperf", "-s", "127.0.0.1", "-p", String.valueOf(port), "-d",
        queries.toString(), "-l", String.valueOf(seconds), "-c", "8", "-T", "2", "-q", "200")
        .redirectErrorStream(true).start();
    if (!p.waitFor(seconds + 15, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "dnsperf timed out";
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    for (String line : out.split("\n")) {
      if (line.contains("Queries per second")) {
        return line.trim();
      }
    }
    return out;
  }

  static InetAddress lo(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** knotd with mod-rrl on an ephemeral loopback port. */
  static final class Knot implements AutoCloseable {
    final Process process;
    final int port;

    private Knot(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static Knot start(Path knotd, Path dir, Map<Name, Path> zones, int rate) throws Exception {
      Files.createDirectories(dir.resolve("run"));
      Files.createDirectories(dir.resolve("db"));
      int port;
      try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(lo(127, 0, 0, 1), 0))) {
        port = probe.getLocalPort();
      }
      StringBuilder conf = new StringBuilder(String.join("\n",
          "server:", "    listen: 127.0.0.1@" + port, "    rundir: \"" + dir.resolve("run") + "\"",
          "    udp-workers: 2", "    tcp-workers: 1", "    background-workers: 1",
          "database:", "    storage: \"" + dir.resolve("db") + "\"",
          "log:", "  - target: stderr", "    any: error",
          "mod-rrl:", "  - id: flood", "    rate-limit: " + rate, "    slip: 2",
          "template:", "  - id: default", "    global-module: mod-rrl/flood", "    zonefile-sync: -1",
          "    journal-content: none",
          "zone:", ""));
      for (Map.Entry<Name, Path> z : zones.entrySet()) {
        conf.append("  - domain: \"").append(z.getKey()).append("\"\n    file: \"").append(z.getValue()).append("\"\n");
      }
      Path file = dir.resolve("knot.conf");
      Files.writeString(file, conf);
      Process p = new ProcessBuilder(knotd.toString(), "-c", file.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("knotd.log").toFile()).start();
      Knot k = new Knot(p, port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(lo(127, 0, 0, 1), 0))) {
        s.setSoTimeout(200);
        while (System.nanoTime() < deadline) {
          if (FloodClient.exchange(s, new InetSocketAddress(lo(127, 0, 0, 1), port),
              FloodClient.query("example.com.", Type.SOA, 1, null)).isPresent()) {
            return k;
          }
          if (!p.isAlive()) {
            break;
          }
        }
      }
      k.close();
      throw new IOException("knotd did not start: " + Files.readString(dir.resolve("knotd.log")));
    }

    /** utime + stime of the knotd process from /proc (clock ticks of 10 ms on Linux). */
    long cpuNanos() {
      try {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
      } catch (IOException e) {
        return 0;
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
