package io.tandemdns.sync.tsig;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * The TSIG algorithms a key may use (RFC 8945 §6; HMAC-MD5 only for old providers, RFC 8945
 * §6 marks it deprecated, and HMAC-SHA1 likewise "not recommended").
 */
public final class TsigAlgorithms {
  private static final Map<String, Name> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("hmac-sha256", TSIG.HMAC_SHA256);
    BY_NAME.put("hmac-sha384", TSIG.HMAC_SHA384);
    BY_NAME.put("hmac-sha512", TSIG.HMAC_SHA512);
    BY_NAME.put("hmac-sha224", TSIG.HMAC_SHA224);
    BY_NAME.put("hmac-sha1", TSIG.HMAC_SHA1);
    BY_NAME.put("hmac-md5", TSIG.HMAC_MD5);
  }

  private TsigAlgorithms() {}

  /** The algorithm name on the wire for a configured name such as {@code hmac-sha256}. */
  public static Name parse(String configured) {
    String key = configured.trim().toLowerCase(Locale.ROOT);
    if (key.endsWith(".")) {
      key = key.substring(0, key.length() - 1);
    }
    if (key.equals("hmac-md5.sig-alg.reg.int")) {
      key = "hmac-md5";
    }
    Name alg = BY_NAME.get(key);
    if (alg == null) {
      throw new IllegalArgumentException(
          "unknown TSIG algorithm '" + configured + "'; use one of " + BY_NAME.keySet());
    }
    return alg;
  }
}
