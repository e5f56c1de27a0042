package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;
import static io.tandemdns.server.sync.SyncTestSupport.SECRET;
import static io.tandemdns.server.sync.SyncTestSupport.freePort;
import static io.tandemdns.server.sync.SyncTestSupport.startTandem;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.TandemServer;
import io.tandemdns.sync.tsig.Keyring;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/** Multi-message AXFR over one TCP connection: TSIG on every message, slow readers, pipelining. */
class TransferStreamTest {
  static final Name ORIGIN = Name.fromConstantString("big.test.");
  static final int HOSTS = 20_000;

  @TempDir Path dir;
  TandemServer server;
  InetSocketAddress address;

  @BeforeEach
  void start() throws Exception {
    StringBuilder z = new StringBuilder("$ORIGIN big.test.\n$TTL 300\n@ SOA ns1 hostmaster 9 3600 600 86400 60\n"
        + "@ NS ns1\nns1 A 192.0.2.1\n");
    for (int i = 0; i < HOSTS; i++) {
      z.append("host").append(i).append(" A 10.0.").append(i / 256 % 256).append('.').append(i % 256).append('\n');
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("big.zone"), z);
    int port = freePort();
    server = startTandem(dir, "listen: [\"127.0.0.1:" + port + "\"]\n"
        + "keys:\n  - name: big-key.\n    secret: " + SECRET + "\n"
        + "zones:\n  - name: big.test.\n    file: big.zone\n    allow-transfer: [ \"127.0.0.1\" ]\n");
    address = new InetSocketAddress(LO, port);
  }

  @org.junit.jupiter.api.AfterEach
  void stop() {
    server.close();
  }

  @Test
  void signedAxfrVerifiedOnEveryMessage() throws Exception {
    TSIG key = Keyring.key("big-key.", "hmac-sha256", SECRET, Clock.systemUTC());
    ZoneTransferIn x = ZoneTransferIn.newAXFR(ORIGIN, address, key);
    x.setTimeout(Duration.ofSeconds(20));
    x.run(); // dnsjava verifies the TSIG of every message and fails otherwise
    List<Record> records = x.getAXFR();
    assertThat(records).hasSize(HOSTS + 3 + 1); // SOA, NS, ns1 A, hosts, closing SOA
    assertThat(records.get(0)).isInstanceOf(SOARecord.class);
    assertThat(records.get(records.size() - 1)).isInstanceOf(SOARecord.class);
  }

  @Test
  void slowReaderGetsEverythingThenThePipelinedQueryAnswer() throws Exception {
    Message axfr = Message.newQuery(Record.newRecord(ORIGIN, Type.AXFR, DClass.IN));
    axfr.getHeader().setID(1);
    Message soa = Message.newQuery(Record.newRecord(ORIGIN, Type.SOA, DClass.IN));
    soa.getHeader().setID(2);
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096); // small window: the server must wait for us
      s.connect(address, 3000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(framed(axfr.toWire(), soa.toWire())); // both queries in one segment
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      int records = 0;
      int messages = 0;
      int soas = 0;
      while (soas < 2) {
        Message m = read(in);
        assertThat(m.getHeader().getID()).isEqualTo(1);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        messages++;
        for (Record r : m.getSection(Section.ANSWER)) {
          records++;
          soas += r.getType() == Type.SOA ? 1 : 0;
        }
        if (messages % 10 == 0) {
          Thread.sleep(20); // read slowly
        }
      }
      assertThat(records).isEqualTo(HOSTS + 4);
      assertThat(messages).isGreaterThan(10);
      Message answer = read(in); // the SOA query, answered after the transfer, in order
      assertThat(answer.getHeader().getID()).isEqualTo(2);
      assertThat(answer.getSection(Section.ANSWER)).singleElement().isInstanceOf(SOARecord.class);
    }
  }

  static byte[] framed(byte[]... messages) {
    int len = 0;
    for (byte[] m : messages) {
      len += m.length + 2;
    }
    byte[] out = new byte[len];
    int pos = 0;
    for (byte[] m : messages) {
      out[pos++] = (byte) (m.length >> 8);
      out[pos++] = (byte) m.length;
      System.arraycopy(m, 0, out, pos, m.length);
      pos += m.length;
    }
    return out;
  }

  static Message read(DataInputStream in) throws Exception {
    byte[] b = new byte[in.readUnsignedShort()];
    in.readFully(b);
    return new Message(b);
  }
}
