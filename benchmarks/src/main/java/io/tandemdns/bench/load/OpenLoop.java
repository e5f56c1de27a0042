package io.tandemdns.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Open-loop UDP load generator: sends queries at a fixed rate whatever the server does, and
 * measures each answer's latency from the time the query was <em>meant</em> to be sent. A
 * closed-loop tool (dnsperf) stops sending while the server stalls, so the stall shows up in one
 * sample instead of in every query that should have gone out meanwhile (coordinated omission);
 * here a stall of 10 ms at 50k qps is 500 late answers.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tandemdns.bench.load.OpenLoop
 * --port 55301 --queries large.example.queries --rate 50000 --seconds 8 [--label tandem]}
 *
 * <p>Bounded: 1 s of warm-up (sent, not counted), at most 30 s of measured sending, 1 s of
 * draining; only the loopback address is queried.
 * Output: one human line on stderr and one tab-separated line on stdout: label, target rate,
 * achieved send rate, sent, answered, lost, p50, p99, p99.9, max (microseconds).
 */
public final class OpenLoop {
  private static final int MAX_SECONDS = 30;
  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Queries scheduled in the first second are sent but not counted: JIT warm-up of this client. */
  private static final long WARMUP_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final InetSocketAddress server;
  private final List<byte[]> queries;
  private final long rate;
  private final long seconds;
  private final DatagramChannel[] channels;
  /** Per socket, per message ID: intended send time (nanoTime), 0 when nothing is outstanding. */
  private final AtomicLongArray[] intended;
  private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
  private volatile boolean sending = true;
  private long sent;
  private long answered;
  private long sendNanos;
  /** Answers to queries scheduled before this nanoTime are not recorded (warm-up). */
  private volatile long recordFrom = Long.MAX_VALUE;

  OpenLoop(InetSocketAddress server, List<byte[]> queries, long rate, long seconds) throws IOException {
    this.server = server;
    this.queries = queries;
    this.rate = rate;
    this.seconds = seconds;
    // Each socket has its own 16-bit ID space: enough sockets that an ID comes round again only
    // after 2 s, longer than the 1 s answer timeout.
    int sockets = (int) Math.max(4, Math.min(64, rate * 2 / 65536 + 1));
    channels = new DatagramChannel[sockets];
    intended = new AtomicLongArray[sockets];
    for (int i = 0; i < sockets; i++) {
      channels[i] = DatagramChannel.open();
      channels[i].bind(new InetSocketAddress(loopback(), 0));
      channels[i].connect(server);
      channels[i].configureBlocking(false);
      intended[i] = new AtomicLongArray(65536);
    }
  }

  static InetAddress loopback() throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    Path file = null;
    long rate = 10_000;
    long seconds = 8;
    String label = "server";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--queries" -> file = Path.of(args[i + 1]);
        case "--rate" -> rate = Long.parseLong(args[i + 1]);
        case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
        case "--label" -> label = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (port <= 0 || file == null || rate <= 0 || seconds <= 0 || seconds > MAX_SECONDS) {
      System.err.println("usage: OpenLoop --port P --queries FILE --rate QPS --seconds S(<=30) [--label L]");
      System.exit(2);
    }
    OpenLoop run = new OpenLoop(new InetSocketAddress(loopback(), port), encode(file), rate, seconds);
    run.run();
    System.err.println(run.summary(label));
    System.out.println(run.tsv(label));
  }

  /** dnsperf query-file lines ("qname qtype") as wire queries without EDNS, RD set, ID 0. */
  static List<byte[]> encode(Path file) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 2 || f[0].startsWith(";")) {
        continue;
      }
      int type = Type.value(f[1]);
      if (type < 0) {
        throw new IllegalArgumentException(file + ": unknown type in '" + line + "'");
      }
      out.add(Message.newQuery(Record.newRecord(Name.fromString(f[0], Name.root), type, DClass.IN)).toWire());
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + ": no queries");
    }
    return out;
  }

  void run() throws Exception {
    Thread receiver = new Thread(this::receive, "open-loop-receiver");
    receiver.start();
    send();
    receiver.join(TimeUnit.NANOSECONDS.toMillis(DRAIN_NANOS) + 5_000);
    for (DatagramChannel c : channels) {
      c.close();
    }
  }

  /** Sends query k at start + k / rate; when behind, sends what is due at once (still timed from the schedule). */
  private void send() {
    ByteBuffer buf = ByteBuffer.allocateDirect(512);
    long start = System.nanoTime();
    recordFrom = start + WARMUP_NANOS;
    long total = rate * (seconds + 1);
    double interval = 1e9 / rate;
    long k = 0;
    try {
      while (k < total) {
        long now = System.nanoTime();
        long due = Math.min(total, (long) ((now - start) / interval) + 1);
        for (; k < due; k++) {
          long when = start + (long) (k * interval);
          int socket = (int) (k % channels.length);
          int id = (int) ((k / channels.length) & 0xffff);
          // An earlier query with this ID still unanswered is overwritten: it counts as lost.
          intended[socket].set(id, when);
          byte[] q = queries.get((int) (k % queries.size()));
          buf.clear();
          buf.put(q);
          buf.putShort(0, (short) id);
          buf.flip();
          channels[socket].write(buf); // a full socket buffer drops the datagram: counted as lost
          if (when >= recordFrom) {
            sent++;
          }
        }
        LockSupport.parkNanos(20_000);
      }
    } catch (IOException e) {
      throw new IllegalStateException("send failed: " + e.getMessage(), e);
    } finally {
      sendNanos = System.nanoTime() - start - WARMUP_NANOS;
      sending = false;
    }
  }

  private void receive() {
    ByteBuffer buf = ByteBuffer.allocateDirect(65535);
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < channels.length; i++) {
        channels[i].register(selector, SelectionKey.OP_READ, i);
      }
      long drainUntil = Long.MAX_VALUE;
      while (System.nanoTime() < drainUntil) {
        if (!sending && drainUntil == Long.MAX_VALUE) {
          drainUntil = System.nanoTime() + DRAIN_NANOS;
        }
        if (selector.select(50) == 0) {
          continue;
        }
        long now = System.nanoTime();
        for (SelectionKey key : selector.selectedKeys()) {
          int socket = (Integer) key.attachment();
          DatagramChannel c = (DatagramChannel) key.channel();
          buf.clear();
          while (c.read(buf) > 0) {
            buf.flip();
            if (buf.remaining() >= 12) {
              int id = buf.getShort(0) & 0xffff;
              long when = intended[socket].getAndSet(id, 0);
              if (when >= recordFrom && now - when < TIMEOUT_NANOS) {
                histogram.recordValue(Math.max(1, Math.min(now - when, histogram.getHighestTrackableValue())));
                answered++;
              }
            }
            buf.clear();
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      if (sending) {
        throw new IllegalStateException("receive failed: " + e.getMessage(), e);
      }
    }
  }

  String summary(String label) {
    return String.format(Locale.ROOT,
        "%s: target %d qps, sent %.0f qps, %d sent, %d answered, %d lost; latency p50 %.1f us, p99 %.1f us, "
            + "p99.9 %.1f us, max %.1f us",
        label, rate, sent / (sendNanos / 1e9), sent, answered, sent - answered,
        us(50), us(99), us(99.9), histogram.getMaxValue() / 1e3);
  }

  String tsv(String label) {
    return String.format(Locale.ROOT, "%s\t%d\t%.0f\t%d\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f",
        label, rate, sent / (sendNanos / 1e9), sent, answered, sent - answered,
        us(50), us(99), us(99.9), histogram.getMaxValue() / 1e3);
  }

  private double us(double percentile) {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e3;
  }
}
