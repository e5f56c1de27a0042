package io.tandemdns.server.query;

import static io.tandemdns.server.query.QueryHarness.query;
import static io.tandemdns.server.query.QueryHarness.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Seeded mutations of valid queries: every answer is a well-formed response to the query's ID,
 * nothing throws, buffers are not leaked, and the processor answers correctly afterwards.
 */
class RobustnessTest {
  private static final long SEED = 20240611L;
  private static final int ROUNDS = 4000;

  @Test
  void mutatedQueriesNeverBreakTheProcessor() throws IOException {
    QueryHarness h = new QueryHarness(QuerySettings.defaults().withNsid(new byte[] {1, 2}), TruncationTest.bigZone());
    List<byte[]> seeds = List.of(
        query("big.example.com.", Type.TXT).toWire(),
        withEdns(query("ns1.example.com.", Type.A), 1232, 0, true, new NSIDOption(new byte[0])).toWire(),
        withEdns(query("example.com.", Type.MX), 4096, 0, false).toWire(),
        query("version.bind.", Type.TXT, 3).toWire());
    Random random = new Random(SEED);
    int answered = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] wire = mutate(seeds.get(random.nextInt(seeds.size())), random);
      for (Transport t : Transport.values()) {
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        ByteBuf out = h.processor.process(in, QueryHarness.CLIENT, t, ByteBufAllocator.DEFAULT);
        assertThat(in.refCnt()).isEqualTo(1);
        assertThat(in.readerIndex()).isZero();
        in.release();
        if (out == null) {
          assertThat(wire.length < 12 || (wire[2] & 0x80) != 0).as("dropped only when unreadable or QR=1").isTrue();
          continue;
        }
        answered++;
        assertThat(out.refCnt()).isEqualTo(1);
        byte[] bytes = new byte[out.readableBytes()];
        out.getBytes(out.readerIndex(), bytes);
        out.release();
        assertThat(bytes.length).isLessThanOrEqualTo(t == Transport.UDP ? 1232 : 65535);
        Message r = new Message(bytes);
        assertThat(r.getHeader().getID()).isEqualTo(((wire[0] & 0xFF) << 8) | (wire[1] & 0xFF));
        assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(r.getHeader().getFlag(Flags.RA)).isFalse();
        assertThat(r.getRcode()).isNotEqualTo(Rcode.SERVFAIL);
      }
    }
    assertThat(answered).isGreaterThan(ROUNDS);
    Message after = h.udp(query("ns1.example.com.", Type.A));
    assertThat(after.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(after.getSection(Section.ANSWER)).hasSize(1);
  }

  /** Flips, truncates, extends or overwrites counts, keeping the header mostly a query. */
  private static byte[] mutate(byte[] seed, Random random) {
    byte[] b = seed.clone();
    switch (random.nextInt(5)) {
      case 0 -> {
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
          b[12 + random.nextInt(b.length - 12)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
      case 2 -> {
        byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + random.nextInt(40));
        for (int i = b.length; i < longer.length; i++) {
          longer[i] = (byte) random.nextInt(256);
        }
        b = longer;
      }
      case 3 -> b[4 + random.nextInt(8)] = (byte) random.nextInt(4);
      default -> {
        int i = random.nextInt(b.length);
        b[i] = (byte) (b[i] ^ (1 << random.nextInt(8)));
      }
    }
    if (b.length > 2 && random.nextInt(10) != 0) {
      b[2] &= 0x7F; // mostly queries, sometimes responses
    }
    return b;
  }
}
