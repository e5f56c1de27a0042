package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;
import static io.tandemdns.server.sync.SyncTestSupport.LO2;
import static io.tandemdns.server.sync.SyncTestSupport.SECRET;
import static io.tandemdns.server.sync.SyncTestSupport.await;
import static io.tandemdns.server.sync.SyncTestSupport.freePort;
import static io.tandemdns.server.sync.SyncTestSupport.serial;
import static io.tandemdns.server.sync.SyncTestSupport.startTandem;
import static io.tandemdns.server.sync.SyncTestSupport.zone;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.TandemServer;
import io.tandemdns.sync.tsig.Keyring;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Two Tandem servers in-process on loopback: a primary (zone file, TSIG-only transfers, NOTIFY to
 * the secondary) and a secondary. Covers SERVFAIL before the first transfer, start-up NOTIFY,
 * AXFR, reload → journal → NOTIFY → IXFR, IXFR over UDP, AXFR over UDP refused, NOTIFY from a
 * stranger refused, transfers to a client outside the ACL refused.
 */
class TandemPairTest {
  static final Name ORIGIN = Name.fromConstantString("pair.test.");
  static final String KEY = "pair-key.";

  @TempDir Path dir;

  @Test
  void primaryToSecondaryAxfrThenIxfrOnNotify() throws Exception {
    int pPort = freePort();
    int sPort = freePort();
    Path zoneFile = dir.resolve("p/pair.test.zone");
    Files.createDirectories(zoneFile.getParent());
    Files.writeString(zoneFile, zone("pair.test.", 10));
    String keys = "keys:\n  - name: " + KEY + "\n    algorithm: hmac-sha256\n    secret: " + SECRET + "\n";
    String secondaryYaml = "listen: [\"127.0.0.1:" + sPort + "\"]\nstate-dir: state\n" + keys
        + "sync:\n  refresh-min: 1\n  retry-min: 1\n  retry-max: 2\n"
        + "zones:\n  - name: pair.test.\n    role: secondary\n"
        + "    primaries: [ {address: \"127.0.0.1:" + pPort + "\", key: " + KEY + "} ]\n"
        + "    allow-transfer: [ \"127.0.0.1\" ]\n";
    String primaryYaml = "listen: [\"127.0.0.1:" + pPort + "\"]\nstate-dir: state\n" + keys
        + "zones:\n  - name: pair.test.\n    file: pair.test.zone\n    role: primary\n"
        + "    allow-transfer: [ \"127.0.0.1 key " + KEY + "\" ]\n"
        + "    notify: [ {address: \"127.0.0.1:" + sPort + "\", key: " + KEY + "} ]\n";
    try (TandemServer secondary = startTandem(dir.resolve("s"), secondaryYaml)) {
      InetSocketAddress s = new InetSocketAddress(LO, sPort);
      // Configured, no data yet: SERVFAIL, not REFUSED.
      assertThat(serial(s, ORIGIN)).isEqualTo((long) -Rcode.SERVFAIL);
      try (TandemServer primary = startTandem(dir.resolve("p"), primaryYaml)) {
        InetSocketAddress p = new InetSocketAddress(LO, pPort);
        // The primary's start-up NOTIFY makes the secondary transfer at once (no 30 s retry wait).
        await("secondary serving serial 10", 10, () -> Long.valueOf(10).equals(serial(s, ORIGIN)));
        assertThat(secondary.sync().fullTransfers()).isEqualTo(1);

        // Unsigned AXFR from the primary: REFUSED (its ACL needs the key).
        assertThat(axfrRcode(p, null)).isEqualTo(Rcode.REFUSED);
        // Signed with the right key: the whole zone.
        assertThat(axfrRecords(p, key())).hasSize(5);

        Files.writeString(zoneFile, zone("pair.test.", 11, "new IN TXT \"hello\""));
        assertThat(primary.reload().ok()).isTrue();
        assertThat(primary.sync().journal(ORIGIN).lastSerial()).hasValue(11);
        await("secondary serving serial 11", 10, () -> Long.valueOf(11).equals(serial(s, ORIGIN)));
        assertThat(secondary.sync().incrementalTransfers()).isEqualTo(1);
        // The secondary journaled the diff too, so it can serve IXFR downstream (chains).
        assertThat(secondary.sync().journal(ORIGIN).chainFrom(10)).isPresent();

        // IXFR over UDP from the secondary: the incremental answer fits one datagram.
        Message ixfr = udpIxfr(s, 10, LO);
        assertThat(ixfr.getRcode()).isEqualTo(Rcode.NOERROR);
        List<Record> answer = ixfr.getSection(Section.ANSWER);
        assertThat(answer.get(0)).isInstanceOf(SOARecord.class);
        assertThat(((SOARecord) answer.get(0)).getSerial()).isEqualTo(11);
        assertThat(answer).anyMatch(r -> r.getType() == Type.TXT);
        // Up to date over UDP: just the SOA.
        assertThat(udpIxfr(s, 11, LO).getSection(Section.ANSWER)).hasSize(1);
        // From a client outside the secondary's ACL: REFUSED.
        assertThat(udpIxfr(s, 10, LO2).getRcode()).isEqualTo(Rcode.REFUSED);
        // AXFR over UDP: REFUSED (RFC 5936 §4.2).
        Message axfrUdp = SyncTestSupport.udp(s, ORIGIN, Type.AXFR);
        assertThat(axfrUdp.getRcode()).isEqualTo(Rcode.REFUSED);

        // NOTIFY from a stranger (127.0.0.2, unsigned): REFUSED, no check triggered.
        Message refused = notifyFrom(s, LO2);
        assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
        // Unsigned NOTIFY from the primary's address: REFUSED as well (the primary has a key).
        assertThat(notifyFrom(s, LO).getRcode()).isEqualTo(Rcode.REFUSED);
      }
    }
  }

  static TSIG key() {
    return Keyring.key(KEY, "hmac-sha256", SECRET, java.time.Clock.systemUTC());
  }

  static int axfrRcode(InetSocketAddress server, TSIG key) throws Exception {
    try {
      ZoneTransferIn x = ZoneTransferIn.newAXFR(ORIGIN, server, key);
      x.setTimeout(java.time.Duration.ofSeconds(3));
      x.run();
      return Rcode.NOERROR;
    } catch (org.xbill.DNS.ZoneTransferException e) {
      return Rcode.value(e.getMessage());
    }
  }

  static List<Record> axfrRecords(InetSocketAddress server, TSIG key) throws Exception {
    ZoneTransferIn x = ZoneTransferIn.newAXFR(ORIGIN, server, key);
    x.setTimeout(java.time.Duration.ofSeconds(3));
    x.run();
    return x.getAXFR();
  }

  static Message udpIxfr(InetSocketAddress server, long serial, java.net.InetAddress from) throws Exception {
    Message q = Message.newQuery(Record.newRecord(ORIGIN, Type.IXFR, DClass.IN));
    q.addRecord(new SOARecord(ORIGIN, DClass.IN, 0, Name.fromConstantString("ns1.pair.test."),
        Name.fromConstantString("hostmaster.pair.test."), serial, 0, 0, 0, 0), Section.AUTHORITY);
    return exchange(server, q.toWire(), from);
  }

  static Message notifyFrom(InetSocketAddress server, java.net.InetAddress from) throws Exception {
    Message n = new Message();
    n.getHeader().setOpcode(Opcode.NOTIFY);
    n.getHeader().setFlag(Flags.AA);
    n.addRecord(Record.newRecord(ORIGIN, Type.SOA, DClass.IN), Section.QUESTION);
    Message r = exchange(server, n.toWire(), from);
    assertThat(r.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
    return r;
  }

  static Message exchange(InetSocketAddress server, byte[] wire, java.net.InetAddress from) throws Exception {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(from, 0))) {
      socket.setSoTimeout(2000);
      socket.send(new DatagramPacket(wire, wire.length, server));
      byte[] buf = new byte[65535];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      socket.receive(p);
      return new Message(Arrays.copyOf(buf, p.getLength()));
    }
  }
}
