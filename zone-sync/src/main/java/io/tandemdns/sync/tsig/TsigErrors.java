package io.tandemdns.sync.tsig;

import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;

/**
 * The TSIG record of an answer to a request whose TSIG failed (RFC 8945 §5.3.2, §5.2): the
 * RCODE is NOTAUTH and a TSIG record carries the error.
 *
 * <ul>
 *   <li>BADKEY, BADSIG: unsigned (MAC size 0) — we cannot or must not prove the key;
 *   <li>BADTIME: signed with the key (the MAC was good, only the clock is off), Time Signed copied
 *       from the request and the server's time in Other Data so the client can see the skew.
 * </ul>
 * The BADTIME MAC is computed here: dnsjava 3.6 leaves Other Data out of the MAC it generates
 * but not out of the one it verifies, so its own BADTIME answers would not verify anywhere.
 */
public final class TsigErrors {
  private TsigErrors() {}

  /** Adds the error TSIG record for {@code auth} (status FAILED) to the finished {@code response}. */
  public static void add(Message response, RequestAuth auth, Keyring keyring) {
    TSIGRecord req = auth.requestTsig();
    int error = auth.tsigError();
    SecretKeySpec secret = keyring.secret(req.getName()).orElse(null);
    TSIGRecord r;
    if (error == Rcode.BADTIME && secret != null) {
      r = badTime(response, req, secret);
    } else {
      r = new TSIGRecord(req.getName(), DClass.ANY, 0, req.getAlgorithm(), Instant.now(), req.getFudge(),
          new byte[0], req.getOriginalID(), error == Rcode.BADTIME ? Rcode.BADSIG : error, null);
    }
    response.addRecord(r, Section.ADDITIONAL);
  }

  private static TSIGRecord badTime(Message response, TSIGRecord req, SecretKeySpec secret) {
    byte[] other = time48(Instant.now());
    byte[] body = response.toWire(); // without the TSIG record yet
    DNSOutput vars = new DNSOutput();
    // RFC 8945 §4.3.3: request MAC (with its length), the message, then the TSIG variables.
    req.getName().toWireCanonical(vars);
    vars.writeU16(DClass.ANY);
    vars.writeU32(0);
    req.getAlgorithm().toWireCanonical(vars);
    long signed = req.getTimeSigned().getEpochSecond();
    vars.writeU16((int) (signed >> 32));
    vars.writeU32(signed & 0xFFFFFFFFL);
    vars.writeU16((int) req.getFudge().getSeconds());
    vars.writeU16(Rcode.BADTIME);
    vars.writeU16(other.length);
    vars.writeByteArray(other);
    byte[] mac;
    try {
      Mac hmac = Mac.getInstance(secret.getAlgorithm());
      hmac.init(secret);
      byte[] reqMac = req.getSignature();
      hmac.update(new byte[] {(byte) (reqMac.length >> 8), (byte) reqMac.length});
      hmac.update(reqMac);
      hmac.update(body);
      mac = hmac.doFinal(vars.toByteArray());
    } catch (GeneralSecurityException e) {
      mac = new byte[0]; // cannot happen: the key was built with this algorithm
    }
    return new TSIGRecord(req.getName(), DClass.ANY, 0, req.getAlgorithm(), req.getTimeSigned(), req.getFudge(),
        mac, req.getOriginalID(), Rcode.BADTIME, other);
  }

  private static byte[] time48(Instant t) {
    long s = t.getEpochSecond();
    return new byte[] {(byte) (s >> 40), (byte) (s >> 32), (byte) (s >> 24), (byte) (s >> 16), (byte) (s >> 8),
        (byte) s};
  }
}
