package io.tandemdns.sync.tsig;

import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * The TSIG verdict on an incoming request (RFC 8945 §5.2): unsigned, verified with a key from
 * the keyring, or failed with the TSIG error to put in the response (BADKEY, BADSIG, BADTIME;
 * the response RCODE is then NOTAUTH, §5.2.x).
 */
public record RequestAuth(Status status, TSIG key, TSIGRecord requestTsig, int tsigError) {
  public enum Status { UNSIGNED, VERIFIED, FAILED }

  /** The verified key's name, or null when the request was not verified. */
  public Name keyName() {
    return status == Status.VERIFIED ? requestTsig.getName() : null;
  }

  /**
   * Checks the TSIG of {@code query}, parsed from exactly {@code wire} (TSIG signs the bytes as
   * sent, name compression included, so the original bytes are needed).
   */
  public static RequestAuth check(Message query, byte[] wire, Keyring keyring) {
    TSIGRecord tsig = query.getTSIG();
    if (tsig == null) {
      return new RequestAuth(Status.UNSIGNED, null, null, Rcode.NOERROR);
    }
    TSIG key = keyring.get(tsig.getName()).orElse(null);
    if (key == null) {
      // RFC 8945 §5.2.1: unknown key or algorithm → BADKEY, response unsigned.
      return new RequestAuth(Status.FAILED, null, tsig, Rcode.BADKEY);
    }
    int error = key.verify(query, wire, null);
    if (error != Rcode.NOERROR) {
      return new RequestAuth(Status.FAILED, error == Rcode.BADKEY ? null : key, tsig, error);
    }
    return new RequestAuth(Status.VERIFIED, key, tsig, Rcode.NOERROR);
  }
}
