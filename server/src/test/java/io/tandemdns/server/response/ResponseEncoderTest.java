package io.tandemdns.server.response;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.tandemdns.server.response.ResponseEncoder.Sections;
import io.tandemdns.zone.RecordSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The encoder and writer on their own: truncation units, OPT layout, per-client patching. */
class ResponseEncoderTest {
  private static final Name OWNER = Name.fromConstantString("www.example.com.");
  private static final Record QUESTION = Record.newRecord(OWNER, Type.A, DClass.IN);

  private static RecordSet addresses(int count, int sigCount) throws IOException {
    List<Record> rrs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rrs.add(Record.fromString(OWNER, Type.A, DClass.IN, 300, "192.0.2." + (i + 1), Name.root));
    }
    List<RRSIGRecord> sigs = new ArrayList<>();
    for (int i = 0; i < sigCount; i++) {
      sigs.add((RRSIGRecord) Record.fromString(OWNER, Type.RRSIG, DClass.IN, 300,
          "A 13 3 300 20300101000000 20200101000000 " + (100 + i) + " example.com. " + "A".repeat(88), Name.root));
    }
    return new RecordSet(OWNER, Type.A, 300, rrs, sigs);
  }

  private static Message parse(byte[] wire) throws IOException {
    return new Message(wire);
  }

  @Test
  void signaturesAreTruncatedTogetherWithTheirRrset() throws IOException {
    // 10 A records (about 160 bytes) fit in 512; with 6 signatures of ~100 bytes they do not.
    Sections s = new Sections(Rcode.NOERROR, true, List.of(addresses(10, 6)), List.of(), List.of(), false);
    Message withoutDo = parse(ResponseEncoder.encode(1, 0, OWNER, Type.A, DClass.IN, s, 1232, false, 512).wire());
    assertThat(withoutDo.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(withoutDo.getSection(Section.ANSWER)).hasSize(10);

    byte[] wire = ResponseEncoder.encode(1, 0, OWNER, Type.A, DClass.IN, s, 1232, true, 512).wire();
    Message withDo = parse(wire);
    assertThat(wire.length).isLessThanOrEqualTo(512);
    assertThat(withDo.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(withDo.getSection(Section.ANSWER)).isEmpty();
    assertThat(withDo.getOPT().getFlags() & Flags.DO).isEqualTo(Flags.DO);

    Message big = parse(ResponseEncoder.encode(1, 0, OWNER, Type.A, DClass.IN, s, 1232, true, 1232).wire());
    assertThat(big.getSection(Section.ANSWER)).hasSize(16);
  }

  @Test
  void optIsLastAndOptionless() throws IOException {
    Sections s = new Sections(Rcode.NOERROR, true, List.of(addresses(1, 0)), List.of(), List.of(), false);
    CachedResponse r = ResponseEncoder.encode(7, 0x0110, OWNER, Type.A, DClass.IN, s, 1400, false, 1232);
    byte[] w = r.wire();
    assertThat(r.optRdlengthOffset()).isEqualTo(w.length - 2);
    // root owner, type 41, class = our payload, TTL 0, RDLENGTH 0
    assertThat(w[w.length - 11]).isZero();
    assertThat(((w[w.length - 10] & 0xFF) << 8) | (w[w.length - 9] & 0xFF)).isEqualTo(41);
    assertThat(((w[w.length - 8] & 0xFF) << 8) | (w[w.length - 7] & 0xFF)).isEqualTo(1400);
    Message m = parse(w);
    assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.CD)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();

    CachedResponse plain = ResponseEncoder.encode(7, 0, OWNER, Type.A, DClass.IN, s, -1, false, 512);
    assertThat(plain.hasOpt()).isFalse();
    assertThat(parse(plain.wire()).getOPT()).isNull();
  }

  @Test
  void writeCachedPatchesPerClientParts() throws IOException {
    Sections s = new Sections(Rcode.NOERROR, true, List.of(addresses(2, 0)), List.of(), List.of(), false);
    CachedResponse cached = ResponseEncoder.encode(1, 0x0100, OWNER, Type.A, DClass.IN, s, 1232, false, 1232);

    Message q = Message.newQuery(Record.newRecord(Name.fromConstantString("WWW.Example.COM."), Type.A, DClass.IN));
    q.getHeader().setID(0x4242);
    q.getHeader().setFlag(Flags.CD);
    ByteBuf query = Unpooled.wrappedBuffer(q.toWire());
    byte[] nsid = {'n', 's', '1'};
    ByteBuf out = ResponseWriter.writeCached(
        UnpooledByteBufAllocator.DEFAULT, cached, query, 17, 0x4242, query.getUnsignedShort(2), nsid);
    try {
      Message m = parse(ByteBufUtil.getBytes(out));
      assertThat(m.getHeader().getID()).isEqualTo(0x4242);
      assertThat(m.getHeader().getFlag(Flags.CD)).isTrue();
      assertThat(m.getQuestion().getName().toString()).isEqualTo("WWW.Example.COM.");
      assertThat(m.getSection(Section.ANSWER)).hasSize(2);
      List<EDNSOption> options = m.getOPT().getOptions();
      assertThat(options).singleElement().satisfies(o -> assertThat(o.getCode()).isEqualTo(EDNSOption.Code.NSID));
      // The cached bytes are untouched.
      assertThat(parse(cached.wire()).getOPT().getOptions()).isEmpty();
      assertThat(parse(cached.wire()).getHeader().getID()).isEqualTo(1);
    } finally {
      out.release();
      query.release();
    }
  }

  @Test
  void writeErrorCarriesExtendedRcodeInTheOpt() throws IOException {
    Message q = Message.newQuery(QUESTION);
    q.getHeader().setID(99);
    ByteBuf query = Unpooled.wrappedBuffer(q.toWire());
    int questionEnd = 12 + 17 + 4;
    ByteBuf out = ResponseWriter.writeError(
        UnpooledByteBufAllocator.DEFAULT, Rcode.BADVERS, query, questionEnd, 1232, true, null);
    try {
      Message m = parse(ByteBufUtil.getBytes(out));
      assertThat(m.getHeader().getID()).isEqualTo(99);
      assertThat(m.getRcode()).isEqualTo(Rcode.BADVERS);
      assertThat(m.getOPT().getVersion()).isZero();
      assertThat(m.getOPT().getFlags() & Flags.DO).isEqualTo(Flags.DO);
      assertThat(m.getQuestion()).isEqualTo(QUESTION);
    } finally {
      out.release();
      query.release();
    }
  }

  @Test
  void keysCompareByEveryField() {
    byte[] name = {3, 'w', 'w', 'w', 0};
    ResponseKey k = new ResponseKey(5, name.clone(), 1, 1, ResponseKey.FLAG_EDNS, 1232);
    assertThat(k).isEqualTo(new ResponseKey(5, name.clone(), 1, 1, ResponseKey.FLAG_EDNS, 1232));
    assertThat(k.hashCode()).isEqualTo(new ResponseKey(5, name.clone(), 1, 1, ResponseKey.FLAG_EDNS, 1232).hashCode());
    assertThat(k).isNotEqualTo(new ResponseKey(6, name.clone(), 1, 1, ResponseKey.FLAG_EDNS, 1232));
    assertThat(k).isNotEqualTo(new ResponseKey(5, new byte[] {3, 'w', 'w', 'x', 0}, 1, 1, ResponseKey.FLAG_EDNS, 1232));
    assertThat(k).isNotEqualTo(new ResponseKey(5, name.clone(), 28, 1, ResponseKey.FLAG_EDNS, 1232));
    assertThat(k).isNotEqualTo(new ResponseKey(5, name.clone(), 1, 3, ResponseKey.FLAG_EDNS, 1232));
    assertThat(k).isNotEqualTo(new ResponseKey(5, name.clone(), 1, 1, ResponseKey.FLAG_EDNS | ResponseKey.FLAG_DO, 1232));
    assertThat(k).isNotEqualTo(new ResponseKey(5, name.clone(), 1, 1, ResponseKey.FLAG_EDNS, 1225));
  }
}
