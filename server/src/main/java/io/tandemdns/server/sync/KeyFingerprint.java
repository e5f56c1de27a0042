package io.tandemdns.server.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * A stable identity of a TSIG key (name, algorithm, secret) without access to the secret:
 * dnsjava's TSIG exposes none of them, so the key signs a fixed message at a fixed time (a
 * BADTIME-style signature takes the time from the "request") and the MAC is the fingerprint.
 * Used to tell whether a reconfiguration changed a primary's key.
 */
final class KeyFingerprint {
  private static final Message FIXED = new Message(0);
  private static final byte[] FIXED_WIRE = FIXED.toWire();
  private static final TSIGRecord FIXED_REQUEST = new TSIGRecord(Name.root, DClass.ANY, 0, TSIG.HMAC_SHA256,
      Instant.EPOCH, Duration.ofSeconds(300), new byte[0], 0, Rcode.NOERROR, null);

  private KeyFingerprint() {}

  static String of(TSIG key) {
    if (key == null) {
      return "";
    }
    TSIGRecord r = key.generate(FIXED, FIXED_WIRE, Rcode.BADTIME, FIXED_REQUEST);
    return r.getName() + " " + r.getAlgorithm() + " " + Base64.getEncoder().encodeToString(r.getSignature());
  }
}
