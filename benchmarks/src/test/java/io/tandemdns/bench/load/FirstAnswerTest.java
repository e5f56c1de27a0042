package io.tandemdns.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ServerConfig;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The runner's zone-load clock: the first SOA answer of a real server, and nothing else. */
class FirstAnswerTest {
  static final Name ZONE = Name.fromConstantString("t.test.");

  @TempDir Path dir;

  @Test
  void reportsTheFirstSoaAnswerOfARealServer() throws Exception {
    Path zone = dir.resolve("t.test.zone");
    Files.writeString(zone, "$ORIGIN t.test.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 600 86400 60\n"
        + "@ IN NS ns1\nns1 IN A 192.0.2.1\n");
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (TandemServer server = TandemServer.start(ServerConfig.quick(any, Map.of(ZONE, zone)))) {
      long before = FirstAnswer.epochNanos();
      Long at = FirstAnswer.await(server.udpAddresses().get(0), ZONE, dir.resolve("ready"), 10);
      assertThat(at).isNotNull().isBetween(before, FirstAnswer.epochNanos());
      assertThat(dir.resolve("ready")).exists();
    }
  }

  @Test
  void aPortWithNoServerTimesOut() throws Exception {
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again below: nothing listens there
    }
    assertThat(FirstAnswer.await(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), ZONE,
        dir.resolve("ready"), 1)).isNull();
  }

  @Test
  void onlyANoErrorResponseToTheQueryWithTheZonesSoaCounts() throws Exception {
    Message ok = response(7, Rcode.NOERROR, ZONE);
    assertThat(FirstAnswer.isSoaAnswer(ok.toWire(), 7, ZONE)).isTrue();
    assertThat(FirstAnswer.isSoaAnswer(ok.toWire(), 8, ZONE)).isFalse(); // another query's
    assertThat(FirstAnswer.isSoaAnswer(response(7, Rcode.SERVFAIL, ZONE).toWire(), 7, ZONE)).isFalse();
    assertThat(FirstAnswer.isSoaAnswer(response(7, Rcode.NOERROR, Name.fromConstantString("other.test.")).toWire(),
        7, ZONE)).isFalse();
    Message query = Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
    query.getHeader().setID(7);
    assertThat(FirstAnswer.isSoaAnswer(query.toWire(), 7, ZONE)).isFalse(); // not a response
    assertThat(FirstAnswer.isSoaAnswer(new byte[] {1, 2, 3}, 7, ZONE)).isFalse();
  }

  private static Message response(int id, int rcode, Name owner) {
    Message m = new Message(id);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setRcode(rcode);
    m.addRecord(Record.newRecord(ZONE, Type.SOA, DClass.IN), Section.QUESTION);
    if (rcode == Rcode.NOERROR) {
      m.addRecord(new SOARecord(owner, DClass.IN, 300, Name.fromConstantString("ns1.t.test."),
          Name.fromConstantString("h.t.test."), 1, 2, 3, 4, 5), Section.ANSWER);
    }
    return m;
  }
}
