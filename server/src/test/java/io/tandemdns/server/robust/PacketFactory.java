package io.tandemdns.server.robust;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Seeded generator of hostile DNS messages. Every packet says what a correct server may do with
 * it ({@link Expect}); the same seed gives the same sequence.
 */
final class PacketFactory {

  /** What the server may do with a packet. */
  enum Expect {
    /** Anything that is not a crash: no answer, or a well-formed response. */
    ANY,
    /** A response with QR=1 must never be answered (issue 2: dropped; prevents reflection loops). */
    NO_ANSWER,
    /** Definitely malformed with a readable header: no answer, or an error RCODE (never NOERROR). */
    ERROR_OR_NOTHING,
    /** A well-formed query: a response must come (any RCODE). */
    ANSWER
  }

  /** One generated message. */
  record Packet(String kind, byte[] bytes, Expect expect) {
    /** The message ID, or -1 when the packet is too short to carry one. */
    int id() {
      return bytes.length < 2 ? -1 : (bytes[0] & 0xff) << 8 | (bytes[1] & 0xff);
    }
  }

  private static final List<String> NAMES = List.of(
      "diff.test.", "www.diff.test.", "nope.diff.test.", "alias.diff.test.", "host3.wild.diff.test.",
      "sub.diff.test.", "host.sub.diff.test.", "big.diff.test.", "huge.diff.test.", "many.diff.test.",
      "example.com.", ".", "version.bind.", "WwW.DiFf.TeSt.");
  private static final int[] TYPES = {
      Type.A, Type.AAAA, Type.MX, Type.TXT, Type.NS, Type.SOA, Type.ANY, Type.AXFR, Type.IXFR,
      Type.DS, Type.SRV, Type.CNAME, Type.OPT, 0, 65535, 65280, Type.RRSIG};
  private static final int[] CLASSES = {DClass.IN, DClass.IN, DClass.IN, DClass.CH, DClass.ANY, DClass.NONE, 0, 77};

  private final Random rnd;

  PacketFactory(long seed) {
    this.rnd = new Random(seed);
  }

  /** The generator kinds, cycled with random choice so every kind is well represented. */
  Packet next() {
    int k = rnd.nextInt(20);
    return switch (k) {
      case 0 -> new Packet("random bytes", randomBytes(rnd.nextInt(600)), Expect.ANY);
      case 1 -> new Packet("short header", randomBytes(rnd.nextInt(12)), Expect.ANY);
      case 2 -> truncatedQuery();
      case 3 -> bitFlips();
      case 4 -> pointerLoop();
      case 5 -> forwardPointer();
      case 6 -> qdcount();
      case 7 -> oversizedName();
      case 8 -> longLabel();
      case 9 -> multipleOpt();
      case 10 -> badOptionLength();
      case 11 -> optNotRoot();
      case 12 -> asResponse();
      case 13 -> hugeCounts();
      case 14 -> trailingGarbage();
      case 15 -> optTruncated();
      default -> new Packet("valid random query", validQuery(), Expect.ANSWER);
    };
  }

  /** A well-formed query: random name, type, class, flags and opcode, maybe with EDNS. */
  byte[] validQuery() {
    Message m = new Message(rnd.nextInt(1 << 16));
    if (rnd.nextInt(4) == 0) {
      m.getHeader().setOpcode(rnd.nextInt(16));
    }
    for (int f : new int[] {Flags.RD, Flags.CD, Flags.AD, Flags.TC, Flags.AA}) {
      if (rnd.nextInt(5) == 0) {
        m.getHeader().setFlag(f);
      }
    }
    Name name = Name.fromConstantString(NAMES.get(rnd.nextInt(NAMES.size())));
    m.addRecord(Record.newRecord(name, pick(TYPES), pick(CLASSES)), Section.QUESTION);
    if (rnd.nextBoolean()) {
      int flags = rnd.nextBoolean() ? ExtendedFlags.DO : 0;
      int version = rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(255) : 0;
      EDNSOption[] opts = rnd.nextInt(3) == 0
          ? new EDNSOption[] {new GenericEDNSOption(rnd.nextInt(65536), randomBytes(rnd.nextInt(40)))}
          : new EDNSOption[0];
      m.addRecord(new OPTRecord(rnd.nextInt(65536), 0, version, flags, opts), Section.ADDITIONAL);
    }
    return m.toWire();
  }

  /** A plain query for a fixed name/type without EDNS (known exact length: header + question). */
  byte[] simpleQuery(String name, int type) {
    Message m = new Message(rnd.nextInt(1 << 16));
    m.addRecord(Record.newRecord(Name.fromConstantString(name), type, DClass.IN), Section.QUESTION);
    return m.toWire();
  }

  private Packet truncatedQuery() {
    byte[] q = validQuery();
    int cut = 12 + rnd.nextInt(Math.max(1, q.length - 12));
    // A header that promises a question it does not carry: readable header → FORMERR or nothing.
    return new Packet("truncated after header", Arrays.copyOf(q, cut), cut < q.length ? Expect.ERROR_OR_NOTHING : Expect.ANY);
  }

  private Packet bitFlips() {
    byte[] q = validQuery();
    int flips = 1 + rnd.nextInt(5);
    for (int i = 0; i < flips; i++) {
      q[rnd.nextInt(q.length)] ^= (byte) (1 << rnd.nextInt(8));
    }
    return new Packet("bit flips", q, Expect.ANY);
  }

  private Packet pointerLoop() {
    ByteArrayOutputStream b = header(rnd.nextInt(1 << 16), 0, 1, 0, 0, 0);
    switch (rnd.nextInt(3)) {
      case 0 -> write(b, 0xC0, 0x0C); // points at itself
      case 1 -> write(b, 0x01, 'a', 0xC0, 0x0C); // a.a.a.a... forever
      default -> write(b, 0xC0, 0x0E, 0xC0, 0x0C); // two pointers pointing at each other
    }
    write(b, 0, 1, 0, 1);
    return new Packet("pointer loop", b.toByteArray(), Expect.ERROR_OR_NOTHING);
  }

  private Packet forwardPointer() {
    ByteArrayOutputStream b = header(rnd.nextInt(1 << 16), 0, 1, 0, 0, 0);
    int target = rnd.nextBoolean() ? 0x0C + 6 + rnd.nextInt(200) : rnd.nextInt(12);
    // RFC 1035 §4.1.4 pointers refer to a *prior* occurrence; forward or into the header is bad.
    write(b, 0xC0 | (target >>> 8), target & 0xff, 0, 1, 0, 1);
    if (rnd.nextBoolean()) {
      write(b, 3, 'w', 'w', 'w', 0, 0, 1, 0, 1);
    }
    return new Packet("forward pointer", b.toByteArray(), Expect.ERROR_OR_NOTHING);
  }

  private Packet qdcount() {
    byte[] q = simpleQuery("www.diff.test.", Type.A);
    int[] counts = {0, 2, 65535, 3};
    int c = counts[rnd.nextInt(counts.length)];
    q[4] = (byte) (c >>> 8);
    q[5] = (byte) c;
    return new Packet("qdcount " + c, q, Expect.ERROR_OR_NOTHING);
  }

  private Packet oversizedName() {
    ByteArrayOutputStream b = header(rnd.nextInt(1 << 16), 0, 1, 0, 0, 0);
    int labels = 5 + rnd.nextInt(60);
    for (int i = 0; i < labels; i++) {
      int len = rnd.nextBoolean() ? 63 : 1 + rnd.nextInt(63);
      b.write(len);
      for (int j = 0; j < len; j++) {
        b.write('a' + rnd.nextInt(26));
      }
      if (b.size() > 300) {
        break; // already longer than 255 octets (RFC 1035 §3.1)
      }
    }
    write(b, 0, 0, 1, 0, 1);
    return new Packet("name > 255", b.toByteArray(), Expect.ERROR_OR_NOTHING);
  }

  private Packet longLabel() {
    ByteArrayOutputStream b = header(rnd.nextInt(1 << 16), 0, 1, 0, 0, 0);
    // 0x40..0xBF: extended/reserved label types (RFC 6891 §5), not a length ≤ 63.
    int len = 0x40 + rnd.nextInt(0x80);
    b.write(len);
    for (int j = 0; j < 70; j++) {
      b.write('x');
    }
    write(b, 0, 0, 1, 0, 1);
    return new Packet("label type 0x" + Integer.toHexString(len), b.toByteArray(), Expect.ERROR_OR_NOTHING);
  }

  private Packet multipleOpt() {
    int n = 2 + rnd.nextInt(3);
    ByteArrayOutputStream b = header(rnd.nextInt(1 << 16), 0, 1, 0, 0, n);
    question(b);
    for (int i = 0; i < n; i++) {
      opt(b);
    }
    // RFC 6891 §6.1.1: more than one OPT → FORMERR.
    return new Packet(n + " OPT records", b.toByteArray(), Expect.ERROR_OR_NOTHING);
  }

  private Packet badOptionLength() {
    ByteArrayOutputStream b = header(rnd.nextInt(1 << 16), 0, 1, 0, 0, 1);
    question(b);
    // OPT whose single option claims more bytes than the RDATA holds.
    write(b, 0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 6, 0, 10, 0, 50 + rnd.nextInt(200), 1, 2);
    return new Packet("option length > rdlength", b.toByteArray(), Expect.ERROR_OR_NOTHING);
  }

  private Packet optTruncated() {
    ByteArrayOutputStream b = header(rnd.nextInt(1 << 16), 0, 1, 0, 0, 1);
    question(b);
    // RDLENGTH beyond the end of the message.
    write(b, 0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0x01, 0x00, 0, 3, 0, 4);
    return new Packet("opt rdlength past end", b.toByteArray(), Expect.ERROR_OR_NOTHING);
  }

  private Packet optNotRoot() {
    ByteArrayOutputStream b = header(rnd.nextInt(1 << 16), 0, 1, 0, 0, 1);
    question(b);
    // RFC 6891 §6.1.2: the OPT owner MUST be the root.
    write(b, 1, 'x', 0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0);
    return new Packet("opt owner not root", b.toByteArray(), Expect.ERROR_OR_NOTHING);
  }

  private Packet asResponse() {
    byte[] q = rnd.nextBoolean() ? validQuery() : randomBytes(12 + rnd.nextInt(200));
    q[2] |= (byte) 0x80;
    return new Packet("QR=1", q, Expect.NO_ANSWER);
  }

  private Packet hugeCounts() {
    byte[] q = simpleQuery("www.diff.test.", Type.A);
    int which = 6 + 2 * rnd.nextInt(3); // ancount, nscount or arcount
    q[which] = (byte) 0xff;
    q[which + 1] = (byte) 0xff;
    return new Packet("count 65535 at offset " + which, q, Expect.ERROR_OR_NOTHING);
  }

  private Packet trailingGarbage() {
    byte[] q = simpleQuery("www.diff.test.", Type.A);
    byte[] garbage = randomBytes(1 + rnd.nextInt(100));
    byte[] out = Arrays.copyOf(q, q.length + garbage.length);
    System.arraycopy(garbage, 0, out, q.length, garbage.length);
    // Bytes beyond what the counts describe: servers differ (ignore or FORMERR), both are fine.
    return new Packet("trailing garbage", out, Expect.ANY);
  }

  byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  int nextInt(int bound) {
    return rnd.nextInt(bound);
  }

  private int pick(int[] values) {
    return values[rnd.nextInt(values.length)];
  }

  private static ByteArrayOutputStream header(int id, int flags, int qd, int an, int ns, int ar) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    write(b, id >>> 8, id & 0xff, flags >>> 8, flags & 0xff, qd >>> 8, qd & 0xff, an >>> 8, an & 0xff,
        ns >>> 8, ns & 0xff, ar >>> 8, ar & 0xff);
    return b;
  }

  private static void question(ByteArrayOutputStream b) {
    write(b, 3, 'w', 'w', 'w', 4, 'd', 'i', 'f', 'f', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1);
  }

  private static void opt(ByteArrayOutputStream b) {
    write(b, 0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0);
  }

  private static void write(ByteArrayOutputStream b, int... bytes) {
    for (int x : bytes) {
      b.write(x);
    }
  }
}
