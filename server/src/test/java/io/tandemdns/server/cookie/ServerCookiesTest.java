package io.tandemdns.server.cookie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Server cookies against the test vectors of RFC 9018 Appendix A (A.1–A.4) and SipHash-2-4 against
 * the vector of the SipHash paper (Appendix A).
 */
class ServerCookiesTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] SECRET = HEX.parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf");

  @Test
  void sipHashPaperVector() {
    // SipHash paper, Appendix A: key 00..0f, message 00..0e (15 bytes) -> a129ca6149be45e5 as a
    // 64-bit value (little-endian bytes e5 45 be 49 61 ca 29 a1).
    byte[] key = new byte[16];
    for (int i = 0; i < 16; i++) {
      key[i] = (byte) i;
    }
    byte[] msg = new byte[15];
    for (int i = 0; i < 15; i++) {
      msg[i] = (byte) i;
    }
    assertThat(SipHash24.hash(key, msg, 0, msg.length)).isEqualTo(0xa129ca6149be45e5L);
    byte[] out = new byte[8];
    SipHash24.toBytes(SipHash24.hash(key, msg, 0, msg.length), out, 0);
    assertThat(HEX.formatHex(out)).isEqualTo("e545be4961ca29a1");
  }

  @Test
  void sipHashDependsOnKeyAndEveryLength() {
    byte[] key = new byte[16];
    byte[] msg = new byte[20];
    long previous = 0;
    for (int len = 0; len <= 20; len++) {
      long h = SipHash24.hash(key, msg, 0, len);
      assertThat(h).as("length %d", len).isNotEqualTo(previous);
      previous = h;
    }
    key[15] = 1;
    assertThat(SipHash24.hash(key, msg, 0, 20)).isNotEqualTo(previous);
  }

  @Test
  void a1LearningANewServerCookie() {
    ServerCookies c = cookies(SECRET, null, 1559731985);
    ServerCookies.Verdict v = c.process(buf("2464c4abcf10c957"), 0, 8, ip("198.51.100.100"));
    assertThat(HEX.formatHex(v.responseCookie())).isEqualTo("2464c4abcf10c957010000005cf79f111f8130c3eee29480");
    assertThat(v.valid()).isFalse();
  }

  @Test
  void a2TheSameClientLearningARenewedServerCookie() {
    // 40 minutes later: valid (under an hour) but older than half an hour, so renewed.
    ServerCookies c = cookies(SECRET, null, 1559734385);
    ServerCookies.Verdict v = c.process(
        buf("2464c4abcf10c957010000005cf79f111f8130c3eee29480"), 0, 24, ip("198.51.100.100"));
    assertThat(v.valid()).isTrue();
    assertThat(HEX.formatHex(v.responseCookie())).isEqualTo("2464c4abcf10c957010000005cf7a871d4a564a1442aca77");
  }

  @Test
  void a3AnotherClientLearningARenewedServerCookie() {
    ServerCookies c = cookies(SECRET, null, 1559734700);
    ServerCookies.Verdict v = c.process(
        buf("fc93fc62807ddb8601abcdef5cf78f71a314227b6679ebf5"), 0, 24, ip("203.0.113.203"));
    assertThat(HEX.formatHex(v.responseCookie())).isEqualTo("fc93fc62807ddb86010000005cf7a9acf73a7810aca2381e");
    // The received cookie's hash covers the reserved bytes the client sent, and verifies:
    byte[] received = HEX.parseHex("fc93fc62807ddb8601abcdef5cf78f71a314227b6679ebf5");
    assertThat(ServerCookies.matches(SECRET, received, ip("203.0.113.203").getAddress())).isTrue();
    assertThat(ServerCookies.matches(SECRET, received, ip("203.0.113.204").getAddress())).isFalse();
  }

  @Test
  void a4IpV6QueryWithRolledOverSecret() {
    byte[] old = HEX.parseHex("dd3bdf9344b678b185a6f5cb60fca715");
    byte[] current = HEX.parseHex("445536bcd2513298075a5d379663c962");
    ServerCookies c = cookies(current, old, 1559741961);
    ServerCookies.Verdict v = c.process(
        buf("22681ab97d52c298010000005cf7c57926556bd0934c72f8"), 0, 24, ip("2001:db8:220:1:59de:d0f4:8769:82b8"));
    assertThat(v.valid()).as("made with the previous secret: still accepted").isTrue();
    assertThat(HEX.formatHex(v.responseCookie())).isEqualTo("22681ab97d52c298010000005cf7c609a6bb79d16625507a");
    // Without the previous secret the same cookie is not ours.
    ServerCookies noPrevious = cookies(current, null, 1559741961);
    assertThat(noPrevious.process(buf("22681ab97d52c298010000005cf7c57926556bd0934c72f8"), 0, 24,
        ip("2001:db8:220:1:59de:d0f4:8769:82b8")).valid()).isFalse();
  }

  @Test
  void aFreshValidCookieIsEchoedAsItIs() {
    ServerCookies c = cookies(SECRET, null, 1559731985 + 60);
    String held = "2464c4abcf10c957010000005cf79f111f8130c3eee29480";
    ServerCookies.Verdict v = c.process(buf(held), 0, 24, ip("198.51.100.100"));
    assertThat(v.valid()).isTrue();
    assertThat(HEX.formatHex(v.responseCookie())).isEqualTo(held);
  }

  @Test
  void timestampWindowIsOneHourBackAndFiveMinutesAhead() {
    String held = "2464c4abcf10c957010000005cf79f111f8130c3eee29480"; // stamped 1559731985
    InetAddress client = ip("198.51.100.100");
    assertThat(cookies(SECRET, null, 1559731985 + 3600).process(buf(held), 0, 24, client).valid()).isTrue();
    assertThat(cookies(SECRET, null, 1559731985 + 3601).process(buf(held), 0, 24, client).valid()).isFalse();
    assertThat(cookies(SECRET, null, 1559731985 - 300).process(buf(held), 0, 24, client).valid()).isTrue();
    assertThat(cookies(SECRET, null, 1559731985 - 301).process(buf(held), 0, 24, client).valid()).isFalse();
    // An invalid cookie is replaced by a new one stamped now.
    ServerCookies.Verdict expired = cookies(SECRET, null, 1559731985 + 7200).process(buf(held), 0, 24, client);
    assertThat(HEX.formatHex(expired.responseCookie(), 12, 16)).isEqualTo(Integer.toHexString(1559731985 + 7200));
  }

  @Test
  void timestampsWrapAroundAsSerialNumbers() {
    // A cookie stamped just before 2^32 seconds and checked just after: 100 s old, not 136 years.
    long stamp = 0xFFFFFFF0L;
    AtomicLong now = new AtomicLong(stamp);
    ServerCookies c = new ServerCookies(new CookieSettings(true, SECRET, null), now::get);
    InetAddress client = ip("192.0.2.1");
    byte[] issued = c.process(buf("0102030405060708"), 0, 8, client).responseCookie();
    now.set(0x100000000L + 84);
    assertThat(c.process(Unpooled.wrappedBuffer(issued), 0, 24, client).valid()).isTrue();
  }

  @Test
  void otherClientsAddressesAndForeignSecretsAreNotValid() {
    ServerCookies c = cookies(SECRET, null, 1559731985);
    String held = "2464c4abcf10c957010000005cf79f111f8130c3eee29480";
    assertThat(c.process(buf(held), 0, 24, ip("198.51.100.101")).valid()).isFalse();
    ServerCookies other = cookies(HEX.parseHex("00000000000000000000000000000001"), null, 1559731985);
    assertThat(other.process(buf(held), 0, 24, ip("198.51.100.100")).valid()).isFalse();
    // A server cookie of another size or version is not ours: answered with a new one.
    assertThat(c.process(buf("2464c4abcf10c9570102030405060708"), 0, 16, ip("198.51.100.100")).valid()).isFalse();
    assertThat(c.process(buf("2464c4abcf10c957020000005cf79f111f8130c3eee29480"), 0, 24, ip("198.51.100.100")).valid())
        .isFalse();
  }

  @Test
  void rotationKeepsThePreviousSecretsCookiesValid() {
    ServerCookies c = cookies(SECRET, null, 1559731985);
    InetAddress client = ip("198.51.100.100");
    byte[] issued = c.process(buf("2464c4abcf10c957"), 0, 8, client).responseCookie();
    c.rotate(HEX.parseHex("0f0e0d0c0b0a09080706050403020100"));
    ServerCookies.Verdict v = c.process(Unpooled.wrappedBuffer(issued), 0, 24, client);
    assertThat(v.valid()).isTrue();
    assertThat(v.responseCookie()).as("renewed with the new secret").isNotEqualTo(issued);
    c.rotate(HEX.parseHex("ffeeddccbbaa99887766554433221100"));
    assertThat(c.process(Unpooled.wrappedBuffer(issued), 0, 24, client).valid()).as("two rotations ago").isFalse();
  }

  @Test
  void aSharedSecretMakesHostsAcceptEachOthersCookies() {
    ServerCookies hostA = cookies(SECRET, null, 1559731985);
    ServerCookies hostB = cookies(SECRET, null, 1559731990);
    InetAddress client = ip("192.0.2.53");
    byte[] fromA = hostA.process(buf("1122334455667788"), 0, 8, client).responseCookie();
    assertThat(hostB.process(Unpooled.wrappedBuffer(fromA), 0, 24, client).valid()).isTrue();
    ServerCookies random = new ServerCookies(CookieSettings.defaults());
    assertThat(random.process(Unpooled.wrappedBuffer(fromA), 0, 24, client).valid()).isFalse();
  }

  @Test
  void wellFormedLengthsFollowRfc7873Section522() {
    for (int len = 0; len <= 48; len++) {
      boolean expected = len == 8 || (len >= 16 && len <= 40);
      assertThat(ServerCookies.wellFormed(len)).as("length %d", len).isEqualTo(expected);
    }
  }

  @Test
  void secretsAreValidated() {
    assertThat(CookieSettings.parseSecret("e5e973e5a6b2a43f48e7dc849e37bfcf")).isEqualTo(SECRET);
    assertThat(CookieSettings.parseSecret("0xe5e973e5a6b2a43f48e7dc849e37bfcf")).isEqualTo(SECRET);
    assertThat(CookieSettings.parseSecret("e5e973")).isNull();
    assertThat(CookieSettings.parseSecret("zze973e5a6b2a43f48e7dc849e37bfcf")).isNull();
    assertThatThrownBy(() -> new CookieSettings(true, new byte[15], null)).hasMessageContaining("16 bytes");
    assertThat(new CookieSettings(true, SECRET, null).toString()).doesNotContain("e5e9");
  }

  private static ServerCookies cookies(byte[] secret, byte[] previous, long now) {
    return new ServerCookies(new CookieSettings(true, secret, previous), () -> now);
  }

  private static ByteBuf buf(String hex) {
    return Unpooled.wrappedBuffer(HEX.parseHex(hex));
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByAddress(NetUtil.createByteArrayFromIpAddressString(literal));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
