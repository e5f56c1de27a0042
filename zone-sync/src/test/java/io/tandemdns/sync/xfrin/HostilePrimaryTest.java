package io.tandemdns.sync.xfrin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandemdns.sync.TestZones;
import io.tandemdns.zone.Zone;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Broken and hostile primaries, scripted over a real loopback TCP socket: every one must end
 * in a TransferException (nothing to apply), within the time limit.
 */
class HostilePrimaryTest {
  static final InetAddress LOOPBACK = loopback();

  /** Serves one connection: reads the query, answers with the scripted messages. */
  static final class Scripted implements AutoCloseable {
    final ServerSocket socket;
    final Thread thread;

    Scripted(Function<Message, List<Message>> script, long stallMillis) throws Exception {
      socket = new ServerSocket(0, 5, LOOPBACK);
      thread = new Thread(() -> {
        try (Socket s = socket.accept()) {
          DataInputStream in = new DataInputStream(s.getInputStream());
          byte[] q = new byte[in.readUnsignedShort()];
          in.readFully(q);
          DataOutputStream out = new DataOutputStream(s.getOutputStream());
          for (Message m : script.apply(new Message(q))) {
            byte[] w = m.toWire();
            out.writeShort(w.length);
            out.write(w);
            out.flush();
          }
          Thread.sleep(stallMillis);
        } catch (Exception e) {
          // client gave up: expected in the slow case
        }
      });
      thread.setDaemon(true);
      thread.start();
    }

    Primary primary() {
      return new Primary(new InetSocketAddress(LOOPBACK, socket.getLocalPort()), null);
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.interrupt();
      thread.join(5000);
    }
  }

  static Message answer(Message q, List<Record> records) {
    Message m = new Message(q.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(q.getQuestion(), Section.QUESTION);
    records.forEach(r -> m.addRecord(r, Section.ANSWER));
    return m;
  }

  static final Zone GOOD = TestZones.zone(5, "www 300 IN A 192.0.2.1\n");
  static final Zone OTHER = TestZones.zone(Name.fromConstantString("example.org."),
      "@ 3600 IN SOA ns1 h 5 1 1 1 1\nevil 300 IN A 192.0.2.66\n");

  TransferResult pull(Function<Message, List<Message>> script, long stallMillis, TransferLimits limits,
      Zone current) throws Exception {
    try (Scripted s = new Scripted(script, stallMillis)) {
      return new TransferClient(limits, null).pull(TestZones.ORIGIN, s.primary(), current);
    }
  }

  @Test
  void stallingPrimaryHitsTheTimeLimit() {
    TransferLimits oneSecond = new TransferLimits(1000, 1 << 20, Duration.ofSeconds(1));
    long start = System.nanoTime();
    // Sends the first SOA and two records, then nothing.
    assertThatThrownBy(() -> pull(q -> List.of(answer(q, GOOD.records().subList(0, 3))), 10_000, oneSecond, null))
        .isInstanceOf(TransferException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void transferWithoutClosingSoaOrWithMismatchedSoaFails() {
    // Closing SOA of a different serial: dnsjava ends at the first SOA it sees; the serials differ.
    Record otherSoa = TestZones.zone(6, "").soa();
    assertThatThrownBy(() -> pull(q -> List.of(answer(q, List.of(GOOD.soa(), GOOD.records().get(1), otherSoa))),
        0, TransferLimits.DEFAULT, null))
        .isInstanceOf(TransferException.class).hasMessageContaining("SOA");
    // Connection closed before the closing SOA.
    assertThatThrownBy(() -> pull(q -> List.of(answer(q, GOOD.records().subList(0, 2))), 0,
        TransferLimits.DEFAULT, null))
        .isInstanceOf(TransferException.class);
  }

  @Test
  void recordsOutsideTheZoneAreRejected() {
    Record evil = OTHER.records().get(1);
    assertThatThrownBy(() -> pull(q -> List.of(answer(q, List.of(GOOD.soa(), evil, GOOD.soa()))), 0,
        TransferLimits.DEFAULT, null))
        .isInstanceOf(TransferException.class).hasMessageContaining("invalid");
  }

  @Test
  void aFullZoneThatIsNotNewerIsRejected() {
    Zone ours = TestZones.zone(9, "");
    // IXFR answered AXFR-style with serial 5 < 9: never roll back.
    assertThatThrownBy(() -> pull(q -> List.of(answer(q, List.of(GOOD.soa(), GOOD.records().get(1), GOOD.soa()))),
        0, TransferLimits.DEFAULT, ours))
        .isInstanceOf(TransferException.class);
  }

  @Test
  void aValidScriptedAxfrIsAccepted() throws Exception {
    // The same harness with a correct answer succeeds, so the failures above are the checks.
    List<Record> all = new java.util.ArrayList<>(GOOD.records());
    all.add(GOOD.soa());
    TransferResult r = pull(q -> List.of(answer(q, all)), 0, TransferLimits.DEFAULT, null);
    assertThat(r.serial()).isEqualTo(5);
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
