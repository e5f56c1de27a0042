package io.tandemdns.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Waits for a server's first SOA answer for a zone, asking every 10 ms, and prints when it came
 * (epoch nanoseconds): the zone-load clock of the load runner.
 *
 * <p>Why not a loop of {@code dig} in the shell: each dig is a fork, an exec and ~17 ms of CPU,
 * so polling every 10 ms kept most of a core busy while the server under test loaded. On the
 * 2-core benchmark machine that cost Tandem, whose load uses both cores (loader, build thread,
 * JIT, GC), 0.3 s of its 1M-record load (3.86 against 3.54 s, three alternating starts each),
 * and Knot, whose load uses one, nothing (1.88-1.98 s either way). This process is started and
 * warm before the server is, and then costs two system calls per probe.
 *
 * <p>Run: {@code java -cp benchmarks.jar io.tandemdns.bench.load.FirstAnswer --port 55301
 * --zone large.example. --ready /tmp/w/probe.ready [--seconds 120]}. It creates the ready file
 * once it can send, prints the time of the first answer that is a NOERROR response to its query
 * with an SOA for the zone, and exits 0; after {@code --seconds} (at most 300) it exits 1.
 * Loopback only.
 */
public final class FirstAnswer {
  private static final long PROBE_NANOS = 10_000_000;

  private FirstAnswer() {}

  public static void main(String[] args) throws Exception {
    int port = 0;
    Name zone = null;
    Path ready = null;
    int seconds = 120;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--zone" -> zone = Name.fromString(args[i + 1], Name.root);
        case "--ready" -> ready = Path.of(args[i + 1]);
        case "--seconds" -> seconds = Math.min(300, Integer.parseInt(args[i + 1]));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (port <= 0 || zone == null || ready == null) {
      System.err.println("usage: FirstAnswer --port P --zone NAME --ready FILE [--seconds S]");
      System.exit(2);
    }
    Long at = await(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), zone, ready, seconds);
    if (at == null) {
      System.err.println("no SOA answer for " + zone + " from port " + port + " within " + seconds + " s");
      System.exit(1);
    }
    System.out.println(at);
  }

  /** The epoch time in ns of the first SOA answer, or null after {@code seconds}. */
  static Long await(InetSocketAddress server, Name zone, Path ready, int seconds) throws IOException {
    if (!server.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("loopback only: " + server);
    }
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    ByteBuffer in = ByteBuffer.allocate(4096);
    try (DatagramChannel ch = DatagramChannel.open(); Selector selector = Selector.open()) {
      ch.connect(server);
      ch.configureBlocking(false);
      ch.register(selector, SelectionKey.OP_READ);
      Files.deleteIfExists(ready);
      Files.createFile(ready);
      for (int id = 1; System.nanoTime() < deadline; id = (id + 1) & 0xFFFF) {
        Message query = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
        query.getHeader().setID(id);
        long next = System.nanoTime() + PROBE_NANOS;
        try {
          ch.write(ByteBuffer.wrap(query.toWire()));
        } catch (PortUnreachableException e) {
          // Not listening yet (ICMP from the previous probe): try again next time.
        }
        for (long left; (left = next - System.nanoTime()) > 0; ) {
          selector.select(Math.max(1, left / 1_000_000));
          selector.selectedKeys().clear();
          Long answered = receive(ch, in, id, zone);
          if (answered != null) {
            return answered;
          }
        }
      }
    }
    return null;
  }

  private static Long receive(DatagramChannel ch, ByteBuffer in, int id, Name zone) throws IOException {
    while (true) {
      in.clear();
      try {
        if (ch.read(in) <= 0) {
          return null;
        }
      } catch (PortUnreachableException e) {
        return null;
      }
      long now = epochNanos();
      if (isSoaAnswer(Arrays.copyOf(in.array(), in.position()), id, zone)) {
        return now;
      }
    }
  }

  /** Wall-clock time in ns since the epoch, comparable with the runner's {@code date +%s%N}. */
  static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** A NOERROR response to query {@code id} whose answer holds the zone's SOA. */
  static boolean isSoaAnswer(byte[] wire, int id, Name zone) {
    try {
      Message m = new Message(wire);
      if (m.getHeader().getID() != id || !m.getHeader().getFlag(Flags.QR) || m.getRcode() != Rcode.NOERROR) {
        return false;
      }
      for (Record r : m.getSection(Section.ANSWER)) {
        if (r.getType() == Type.SOA && r.getName().equals(zone)) {
          return true;
        }
      }
    } catch (IOException e) {
      // Not a DNS message: not the answer.
    }
    return false;
  }
}
