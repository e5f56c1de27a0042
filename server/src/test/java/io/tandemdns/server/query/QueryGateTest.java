package io.tandemdns.server.query;

import static io.tandemdns.server.query.QueryHarness.example;
import static io.tandemdns.server.query.QueryHarness.query;
import static io.tandemdns.server.query.QueryHarness.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The guard clauses in front of the lookup, one RFC rule per case. */
class QueryGateTest {
  private final QueryHarness h = new QueryHarness(QuerySettings.defaults(), example());

  /** www.example.com. in wire form. */
  private static final byte[] WWW = {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0};

  /** A message: header (ID 0xBEEF, RD) with the given counts, then the body bytes. */
  static byte[] message(int flags, int qd, int an, int ns, int ar, byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] header = {0xBE, 0xEF, flags >>> 8, flags & 0xFF, 0, qd, 0, an, 0, ns, 0, ar};
    for (int b : header) {
      out.write(b);
    }
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /** QTYPE A, QCLASS IN. */
  private static final byte[] A_IN = bytes(0, 1, 0, 1);
  /** An empty OPT RR with payload 1232. */
  private static final byte[] OPT = bytes(0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0);

  @Test
  void shortMessagesAreDropped() {
    assertThat(h.raw(new byte[0], Transport.UDP)).isNull();
    assertThat(h.raw(new byte[11], Transport.UDP)).isNull();
    assertThat(h.processor.stats().dropped()).isEqualTo(2);
  }

  @Test
  void responsesAreNeverAnswered() {
    byte[] wire = query("www.example.com.", Type.A).toWire();
    wire[2] |= (byte) 0x80;
    assertThat(h.raw(wire, Transport.UDP)).isNull();
    assertThat(h.raw(wire, Transport.TCP)).isNull();
    // A bare header with QR=1 too: nothing is read past the flags.
    assertThat(h.raw(message(0x8000, 0, 0, 0, 0), Transport.UDP)).isNull();
  }

  static Stream<Arguments> malformed() {
    byte[] longName = new byte[2 + 4 * 64];
    for (int i = 0; i < 4; i++) {
      longName[i * 64] = 63;
    }
    return Stream.of(
        Arguments.of("qdcount 0", message(0x0100, 0, 0, 0, 0), false, false),
        Arguments.of("qdcount 2", message(0x0100, 2, 0, 0, 0, WWW, A_IN, WWW, A_IN), false, false),
        Arguments.of("truncated qname", message(0x0100, 1, 0, 0, 0, bytes(3, 'w', 'w')), false, false),
        Arguments.of("qname without root", message(0x0100, 1, 0, 0, 0, bytes(3, 'w', 'w', 'w')), false, false),
        Arguments.of("truncated qtype", message(0x0100, 1, 0, 0, 0, WWW, bytes(0, 1, 0)), false, false),
        Arguments.of("pointer loop in qname", message(0x0100, 1, 0, 0, 0, bytes(0xC0, 12), A_IN), false, false),
        Arguments.of("pointer into header", message(0x0100, 1, 0, 0, 0, bytes(1, 'a', 0xC0, 2), A_IN), false, false),
        Arguments.of("extended label type", message(0x0100, 1, 0, 0, 0, bytes(0x41, 0, 0), A_IN), false, false),
        Arguments.of("name over 255 octets", message(0x0100, 1, 0, 0, 0, longName, A_IN), false, false),
        Arguments.of("trailing garbage", message(0x0100, 1, 0, 0, 0, WWW, A_IN, bytes(1, 2, 3)), true, false),
        Arguments.of("arcount beyond end", message(0x0100, 1, 0, 0, 1, WWW, A_IN), true, false),
        Arguments.of(
            "forward pointer in record owner",
            message(0x0100, 1, 0, 0, 1, WWW, A_IN, bytes(0xC0, 40, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0)),
            true, false),
        Arguments.of(
            "pointer loop in record owner",
            message(0x0100, 1, 0, 0, 1, WWW, A_IN, bytes(0xC0, 33, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0)),
            true, false),
        Arguments.of("two OPTs", message(0x0100, 1, 0, 0, 2, WWW, A_IN, OPT, OPT), true, true),
        Arguments.of("OPT with a non-root owner", message(0x0100, 1, 0, 0, 1, WWW, A_IN,
            bytes(1, 'x', 0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 0)), true, true),
        Arguments.of("OPT in the answer section", message(0x0100, 1, 1, 0, 0, WWW, A_IN, OPT), true, true),
        Arguments.of("option length past RDATA", message(0x0100, 1, 0, 0, 1, WWW, A_IN,
            bytes(0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 6, 0, 3, 0, 9, 1, 2)), true, true),
        Arguments.of("option header cut short", message(0x0100, 1, 0, 0, 1, WWW, A_IN,
            bytes(0, 0, 41, 4, 0, 0, 0, 0, 0, 0, 2, 0, 3)), true, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedQueriesGetFormerr(String name, byte[] wire, boolean questionEchoed, boolean optEchoed) {
    for (Transport t : Transport.values()) {
      Message r = QueryHarness.parse(h.raw(wire, t));
      assertThat(r.getHeader().getID()).isEqualTo(0xBEEF);
      assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
      assertThat(r.getHeader().getFlag(Flags.RD)).isTrue();
      assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
      assertThat(r.getHeader().getCount(Section.QUESTION)).isEqualTo(questionEchoed ? 1 : 0);
      if (questionEchoed) {
        assertThat(r.getQuestion().getName()).isEqualTo(Name.fromConstantString("www.example.com."));
      }
      assertThat(r.getSection(Section.ANSWER)).isEmpty();
      // RFC 6891 §7: a FORMERR caused by the OPT still carries an OPT.
      assertThat(r.getOPT() != null).isEqualTo(optEchoed);
    }
  }

  @ParameterizedTest(name = "opcode {0}")
  @ValueSource(ints = {Opcode.IQUERY, Opcode.STATUS, 3, Opcode.NOTIFY, Opcode.UPDATE, 15})
  void otherOpcodesGetNotimp(int opcode) {
    Message q = query("www.example.com.", Type.A);
    q.getHeader().setOpcode(opcode);
    Message r = h.udp(q);
    assertThat(r.getRcode()).isEqualTo(Rcode.NOTIMP);
    assertThat(r.getHeader().getOpcode()).isEqualTo(opcode);
    assertThat(r.getQuestion()).isEqualTo(q.getQuestion());
    assertThat(r.getSection(Section.ANSWER)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"AXFR", "IXFR"})
  void zoneTransfersAreRefusedForNow(String type) {
    for (Transport t : Transport.values()) {
      Message r = h.send(query("example.com.", Type.value(type)), t);
      assertThat(r.getRcode()).isEqualTo(Rcode.REFUSED);
      assertThat(r.getQuestion().getType()).isEqualTo(Type.value(type));
      assertThat(r.getSection(Section.ANSWER)).isEmpty();
    }
  }

  @ParameterizedTest(name = "class {0}")
  @ValueSource(ints = {DClass.ANY, DClass.HS, DClass.NONE, 1234})
  void classesOtherThanInAndChAreRefused(int dclass) {
    Message r = h.udp(query("www.example.com.", Type.A, dclass));
    assertThat(r.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(r.getQuestion().getDClass()).isEqualTo(dclass);
    assertThat(r.getHeader().getFlag(Flags.AA)).isFalse();
  }

  @Test
  void namesOutsideEveryZoneAreRefused() {
    Message r = h.udp(query("www.example.org.", Type.A));
    assertThat(r.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(r.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(r.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void rdAndCdAreCopiedAndRaIsNeverSet() {
    Message q = query("www.example.com.", Type.A);
    q.getHeader().setFlag(Flags.CD);
    Message r = h.udp(q);
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(r.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(r.getHeader().getFlag(Flags.CD)).isTrue();
    assertThat(r.getHeader().getFlag(Flags.RA)).isFalse();
    assertThat(r.getHeader().getFlag(Flags.AA)).isTrue();

    Message q2 = query("www.example.com.", Type.A);
    q2.getHeader().unsetFlag(Flags.RD);
    Message r2 = h.udp(q2);
    assertThat(r2.getHeader().getFlag(Flags.RD)).isFalse();
    assertThat(r2.getHeader().getFlag(Flags.CD)).isFalse();
    assertThat(r2.getHeader().getFlag(Flags.RA)).isFalse();
  }

  @Test
  void answersAQuery() {
    Message r = h.udp(withEdns(query("www.example.com.", Type.A), 1232, 0, false));
    assertThat(r.getHeader().getID()).isEqualTo(0x1234);
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(r.getSection(Section.ANSWER)).hasSize(1);
    assertThat(r.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.1");
  }

  @Test
  void unexpectedFailuresBecomeServfail() {
    QueryProcessor broken = new QueryProcessor(() -> {
      throw new IllegalStateException("registry unavailable");
    }, QuerySettings.defaults());
    Message q = withEdns(query("www.example.com.", Type.A), 1232, 0, false);
    io.netty.buffer.ByteBuf in = io.netty.buffer.Unpooled.wrappedBuffer(q.toWire());
    io.netty.buffer.ByteBuf out = broken.process(in, QueryHarness.CLIENT, Transport.UDP,
        io.netty.buffer.ByteBufAllocator.DEFAULT);
    try {
      Message r = QueryHarness.parse(io.netty.buffer.ByteBufUtil.getBytes(out));
      assertThat(r.getRcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(r.getHeader().getID()).isEqualTo(0x1234);
      assertThat(r.getQuestion()).isEqualTo(q.getQuestion());
      assertThat(r.getOPT()).isNotNull();
      assertThat(broken.stats().responses(Rcode.SERVFAIL)).isEqualTo(1);
    } finally {
      out.release();
      in.release();
    }
  }
}
