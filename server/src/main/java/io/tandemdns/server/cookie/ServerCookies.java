package io.tandemdns.server.cookie;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * DNS Cookies on the server side: RFC 7873 §5.2 processing with the interoperable server cookie of
 * RFC 9018 §4 (version 1, 3 reserved bytes, a 32-bit timestamp, and SipHash-2-4 over client cookie
 * | version | reserved | timestamp | client IP, keyed with a 128-bit server secret).
 *
 * <p>Thread-safe: the secrets are one immutable pair behind a volatile reference.
 */
public final class ServerCookies {
  /** EDNS option code of COOKIE (RFC 7873 §4). */
  public static final int OPTION_CODE = 10;
  public static final int CLIENT_LENGTH = 8;
  /** Our server cookies are always 16 bytes (RFC 9018 §4). */
  public static final int SERVER_LENGTH = 16;
  /** The COOKIE option data we send: client cookie echoed, then our server cookie. */
  public static final int RESPONSE_LENGTH = CLIENT_LENGTH + SERVER_LENGTH;
  static final int VERSION = 1;
  /** RFC 9018 §4.3: older than an hour is invalid... */
  static final int MAX_AGE_SECONDS = 3600;
  /** ...and so is more than five minutes in the future (clock skew between anycast hosts). */
  static final int MAX_FUTURE_SECONDS = 300;
  /** RFC 9018 §4.3: a cookie older than half an hour SHOULD be replaced by a fresh one. */
  static final int RENEW_AGE_SECONDS = 1800;

  /** One verdict per query with a well-formed COOKIE option. */
  public record Verdict(byte[] responseCookie, boolean valid) {}

  private record Secrets(byte[] current, byte[] previous) {}

  private final LongSupplier epochSeconds;
  private volatile Secrets secrets;

  public ServerCookies(CookieSettings settings) {
    this(settings, () -> System.currentTimeMillis() / 1000);
  }

  /** @param epochSeconds the wall clock in seconds since 1970 (injectable for tests) */
  public ServerCookies(CookieSettings settings, LongSupplier epochSeconds) {
    this.epochSeconds = epochSeconds;
    byte[] current = settings.secret();
    if (current == null) {
      current = new byte[CookieSettings.SECRET_LENGTH];
      new SecureRandom().nextBytes(current);
    }
    this.secrets = new Secrets(current, settings.previousSecret());
  }

  /**
   * RFC 7873 §5.2.2: a COOKIE option is malformed unless it holds exactly a client cookie (8 bytes)
   * or a client cookie and a server cookie of 8..32 bytes; malformed means FORMERR.
   */
  public static boolean wellFormed(int length) {
    return length == CLIENT_LENGTH || (length >= CLIENT_LENGTH + 8 && length <= CLIENT_LENGTH + 32);
  }

  /**
   * Makes {@code newSecret} current; cookies of the old current secret stay valid (and are renewed)
   * until the next rotation (RFC 9018 §5).
   */
  public void rotate(byte[] newSecret) {
    if (newSecret.length != CookieSettings.SECRET_LENGTH) {
      throw new IllegalArgumentException("a secret is " + CookieSettings.SECRET_LENGTH + " bytes");
    }
    secrets = new Secrets(newSecret.clone(), secrets.current);
  }

  /**
   * Processes the well-formed COOKIE option at {@code [offset, offset+length)} of {@code message}
   * (absolute indexes). RFC 7873 §5.2.3–§5.2.5: with only a client cookie, or a server cookie that
   * is not ours, expired or from the future, the query is answered normally with a new server
   * cookie; with a valid one it is answered with that cookie, or a fresh one when it is older than
   * half an hour or was made with the previous secret.
   */
  public Verdict process(ByteBuf message, int offset, int length, InetAddress client) {
    byte[] ip = client.getAddress();
    int now = (int) epochSeconds.getAsLong();
    byte[] out = new byte[RESPONSE_LENGTH];
    message.getBytes(offset, out, 0, CLIENT_LENGTH);
    Secrets s = secrets;
    if (length == RESPONSE_LENGTH && message.getUnsignedByte(offset + CLIENT_LENGTH) == VERSION) {
      message.getBytes(offset + CLIENT_LENGTH, out, CLIENT_LENGTH, SERVER_LENGTH);
      boolean current = matches(s.current, out, ip);
      boolean previous = !current && s.previous != null && matches(s.previous, out, ip);
      if (current || previous) {
        int stamp = message.getInt(offset + CLIENT_LENGTH + 4);
        // RFC 1982 serial arithmetic: the difference of two 32-bit stamps, as a signed number.
        int age = now - stamp;
        if (age >= -MAX_FUTURE_SECONDS && age <= MAX_AGE_SECONDS) {
          boolean reservedZero = message.getMedium(offset + CLIENT_LENGTH + 1) == 0;
          if (current && age <= RENEW_AGE_SECONDS && reservedZero) {
            return new Verdict(out, true);
          }
          fill(s.current, out, now, ip);
          return new Verdict(out, true);
        }
      }
    }
    fill(s.current, out, now, ip);
    return new Verdict(out, false);
  }

  /**
   * The server cookie of RFC 9018 §4 for {@code clientCookie} at {@code timestamp}, written into
   * {@code out[8..24)} after the client cookie in {@code out[0..8)}.
   */
  static void fill(byte[] secret, byte[] out, int timestamp, byte[] ip) {
    out[8] = VERSION;
    out[9] = 0;
    out[10] = 0;
    out[11] = 0;
    out[12] = (byte) (timestamp >>> 24);
    out[13] = (byte) (timestamp >>> 16);
    out[14] = (byte) (timestamp >>> 8);
    out[15] = (byte) timestamp;
    SipHash24.toBytes(mac(secret, out, ip), out, 16);
  }

  /** True when the hash in {@code cookie[16..24)} is the one {@code secret} gives its first 16 bytes. */
  static boolean matches(byte[] secret, byte[] cookie, byte[] ip) {
    long h = mac(secret, cookie, ip);
    long got = 0;
    for (int i = 7; i >= 0; i--) {
      got = (got << 8) | (cookie[16 + i] & 0xFFL);
    }
    return h == got;
  }

  /** SipHash-2-4(Client Cookie | Version | Reserved | Timestamp | Client-IP, Server Secret). */
  private static long mac(byte[] secret, byte[] cookie, byte[] ip) {
    byte[] input = new byte[16 + ip.length];
    System.arraycopy(cookie, 0, input, 0, 16);
    System.arraycopy(ip, 0, input, 16, ip.length);
    return SipHash24.hash(secret, input, 0, input.length);
  }
}
