package io.tandemdns.server.cookie;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * DNS Cookie settings (the {@code cookies:} section).
 *
 * @param enabled answer COOKIE options (RFC 7873); false ignores them, as a server without cookie
 *     support does (RFC 7873 §5.2.1)
 * @param secret the 128-bit server secret (RFC 9018 §4.4), shared by every host of a deployment so
 *     each accepts the others' cookies; null = a random one per process
 * @param previousSecret the secret before the last rotation: its cookies are still accepted (and
 *     replaced) so clients are not made to start over (RFC 9018 §5); null for none
 */
public record CookieSettings(boolean enabled, byte[] secret, byte[] previousSecret) {
  public static final int SECRET_LENGTH = 16;

  public CookieSettings {
    check("secret", secret);
    check("previous-secret", previousSecret);
    secret = secret == null ? null : secret.clone();
    previousSecret = previousSecret == null ? null : previousSecret.clone();
  }

  /** Enabled with a random per-process secret (BIND's default behaviour). */
  public static CookieSettings defaults() {
    return new CookieSettings(true, null, null);
  }

  public static CookieSettings disabled() {
    return new CookieSettings(false, null, null);
  }

  private static void check(String what, byte[] s) {
    if (s != null && s.length != SECRET_LENGTH) {
      throw new IllegalArgumentException(what + " must be " + SECRET_LENGTH + " bytes (32 hex digits), got " + s.length);
    }
  }

  @Override
  public byte[] secret() {
    return secret == null ? null : secret.clone();
  }

  @Override
  public byte[] previousSecret() {
    return previousSecret == null ? null : previousSecret.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CookieSettings c && enabled == c.enabled && Arrays.equals(secret, c.secret)
        && Arrays.equals(previousSecret, c.previousSecret);
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(enabled) * 31 * 31 + Arrays.hashCode(secret) * 31 + Arrays.hashCode(previousSecret);
  }

  /** Never prints the secrets themselves. */
  @Override
  public String toString() {
    return "CookieSettings[enabled=" + enabled + ", secret=" + (secret == null ? "random" : "configured")
        + ", previousSecret=" + (previousSecret == null ? "none" : "configured") + "]";
  }

  /** Parses 32 hex digits; null when malformed. */
  public static byte[] parseSecret(String hex) {
    String s = hex.trim();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    if (s.length() != SECRET_LENGTH * 2) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
