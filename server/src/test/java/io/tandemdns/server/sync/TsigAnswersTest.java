package io.tandemdns.server.sync;

import static io.tandemdns.server.sync.SyncTestSupport.LO;
import static io.tandemdns.server.sync.SyncTestSupport.SECRET;
import static io.tandemdns.server.sync.SyncTestSupport.WRONG_SECRET;
import static io.tandemdns.server.sync.SyncTestSupport.freePort;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * TSIG on answers (RFC 8945): failed requests get NOTAUTH with a TSIG record carrying BADKEY,
 * BADSIG (unsigned) or BADTIME (signed, server time in Other Data, §5.2.3); a signed UDP answer
 * stays within the client's size with the TSIG record counted (TC when it does not fit).
 */
class TsigAnswersTest {
  static final Name ORIGIN = Name.fromConstantString("tsig.test.");
  static final String KEY = "tsig-key.";

  @TempDir Path dir;
  TandemServer server;
  InetSocketAddress address;

  @BeforeEach
  void start() throws Exception {
    int port = freePort();
    address = new InetSocketAddress(LO, port);
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 15; i++) {
      big.append("big IN TXT \"record ").append(i).append(" with some text to make the answer large\"\n");
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("tsig.test.zone"), zone("tsig.test.", 1, big.toString()));
    server = startTandem(dir, "listen: [\"127.0.0.1:" + port + "\"]\n"
        + "keys:\n  - name: " + KEY + "\n    secret: " + SECRET + "\n"
        + "zones:\n  - name: tsig.test.\n    file: tsig.test.zone\n    allow-transfer: [ \"key " + KEY + "\" ]\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static TSIG key(String name, String secret, Clock clock) {
    return Keyring.key(name, "hmac-sha256", secret, clock);
  }

  record Exchange(Message response, byte[] wire, Message request) {
  }

  Exchange ask(Name qname, int qtype, TSIG key, int ednsSize) throws Exception {
    Message q = Message.newQuery(Record.newRecord(qname, qtype, DClass.IN));
    q.getHeader().unsetFlag(Flags.RD);
    if (ednsSize > 0) {
      q.addRecord(new OPTRecord(ednsSize, 0, 0), org.xbill.DNS.Section.ADDITIONAL);
    }
    key.apply(q, null);
    byte[] wire = q.toWire();
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LO, 0))) {
      s.setSoTimeout(2000);
      s.send(new DatagramPacket(wire, wire.length, address));
      byte[] buf = new byte[65535];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      s.receive(p);
      byte[] got = Arrays.copyOf(buf, p.getLength());
      Message r = new Message(got);
      // Keep the request's TSIG for verification of the answer.
      return new Exchange(r, got, q);
    }
  }

  @Test
  void signedAnswerVerifies() throws Exception {
    TSIG k = key(KEY, SECRET, Clock.systemUTC());
    Exchange e = ask(ORIGIN, Type.SOA, k, 0);
    assertThat(e.response().getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(k.verify(e.response(), e.wire(), e.request().getTSIG())).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void unknownKeyGetsNotauthWithUnsignedBadkey() throws Exception {
    Exchange e = ask(ORIGIN, Type.SOA, key("nobody.", SECRET, Clock.systemUTC()), 0);
    assertThat(e.response().getRcode()).isEqualTo(Rcode.NOTAUTH);
    TSIGRecord t = e.response().getTSIG();
    assertThat(t).as("TSIG record with the error").isNotNull();
    assertThat(t.getError()).isEqualTo(Rcode.BADKEY);
    assertThat(t.getSignature()).isEmpty();
    assertThat(t.getName()).isEqualTo(Name.fromConstantString("nobody."));
  }

  @Test
  void wrongSecretGetsNotauthWithUnsignedBadsig() throws Exception {
    Exchange e = ask(ORIGIN, Type.SOA, key(KEY, WRONG_SECRET, Clock.systemUTC()), 0);
    assertThat(e.response().getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(e.response().getTSIG().getError()).isEqualTo(Rcode.BADSIG);
    assertThat(e.response().getTSIG().getSignature()).isEmpty();
  }

  @Test
  void skewedClockGetsSignedBadtimeWithServerTime() throws Exception {
    Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
    TSIG k = key(KEY, SECRET, skewed);
    long before = Instant.now().getEpochSecond();
    Exchange e = ask(ORIGIN, Type.SOA, k, 0);
    assertThat(e.response().getRcode()).isEqualTo(Rcode.NOTAUTH);
    TSIGRecord t = e.response().getTSIG();
    assertThat(t.getError()).isEqualTo(Rcode.BADTIME);
    assertThat(t.getTimeSigned().getEpochSecond()).isEqualTo(e.request().getTSIG().getTimeSigned().getEpochSecond());
    byte[] other = t.getOther();
    assertThat(other).hasSize(6);
    long serverTime = 0;
    for (byte b : other) {
      serverTime = serverTime << 8 | (b & 0xff);
    }
    assertThat(serverTime).isBetween(before - 1, Instant.now().getEpochSecond() + 1);
    // Signed with the key: a verifier whose clock agrees with the server's time accepts the MAC.
    TSIG verifier = key(KEY, SECRET, skewed);
    int result = verifier.verify(e.response(), e.wire(), e.request().getTSIG());
    assertThat(result).as("MAC good; only the time is off").isEqualTo(Rcode.NOERROR);
  }

  @Test
  void signedUdpAnswerFitsTheClientsSize() throws Exception {
    TSIG k = key(KEY, SECRET, Clock.systemUTC());
    Exchange tcpSized = ask(Name.fromConstantString("big.tsig.test."), Type.TXT, k, 4096);
    assertThat(tcpSized.wire().length).as("the full answer is larger than 512: %s", tcpSized.response()).isGreaterThan(512);
    assertThat(tcpSized.response().getHeader().getFlag(Flags.TC)).isFalse();
    Exchange small = ask(Name.fromConstantString("big.tsig.test."), Type.TXT, k, 512);
    assertThat(small.wire().length).isLessThanOrEqualTo(512);
    assertThat(small.response().getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(small.response().getTSIG()).isNotNull();
    assertThat(k.verify(small.response(), small.wire(), small.request().getTSIG()))
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void kdigWithAWrongKeyReportsTheTsigError() throws Exception {
    SyncTestSupport.require("/usr/bin/kdig");
    SyncTestSupport.Result r = SyncTestSupport.run(20, "/usr/bin/kdig", "@127.0.0.1", "-p",
        String.valueOf(address.getPort()), "-y", "hmac-sha256:" + KEY + ":" + WRONG_SECRET, "SOA", ORIGIN.toString(),
        "+time=2", "+retry=0");
    // kdig shows the extended error (TSIG error on a NOTAUTH answer) as the status.
    assertThat(r.out()).contains("status: BADSIG").containsPattern("TSIG\\s+hmac-sha256\\. \\d+ 300 0 \\d+ BADSIG");
    SyncTestSupport.Result unknown = SyncTestSupport.run(20, "/usr/bin/kdig", "@127.0.0.1", "-p",
        String.valueOf(address.getPort()), "-y", "hmac-sha256:stranger.:" + SECRET, "SOA", ORIGIN.toString(),
        "+time=2", "+retry=0");
    assertThat(unknown.out()).contains("status: BADKEY");
  }
}
