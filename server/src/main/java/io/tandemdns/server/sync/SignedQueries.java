package io.tandemdns.server.sync;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tandemdns.sync.tsig.Keyring;
import io.tandemdns.sync.tsig.RequestAuth;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * TSIG on ordinary queries (RFC 8945 §5): a secondary signs its SOA checks with the key it shares
 * with us and accepts only a signed answer. The request is verified, the query without its TSIG
 * record is answered by the normal pipeline, and that answer is signed. A failed verification
 * gets NOTAUTH (RFC 8945 §5.2).
 */
final class SignedQueries {
  private static final Logger LOG = LogManager.getLogger(SignedQueries.class);

  private final Keyring keyring;
  /** The most we send over UDP (our EDNS payload size, RFC 6891 §6.2.5). */
  private final int ourPayload;

  SignedQueries(Keyring keyring, int ourPayload) {
    this.keyring = keyring;
    this.ourPayload = ourPayload;
  }

  ByteBuf answer(ByteBuf query, int tsigOffset, InetSocketAddress client, io.tandemdns.server.query.Transport transport,
      ByteBufAllocator alloc, Function<ByteBuf, ByteBuf> unsignedAnswer) {
    byte[] wire = Responses.bytes(query);
    Message m;
    try {
      m = new Message(wire);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    RequestAuth auth = RequestAuth.check(m, wire, keyring);
    if (auth.status() != RequestAuth.Status.VERIFIED) {
      LOG.info("query from {}: NOTAUTH, TSIG {}", client.getAddress().getHostAddress(),
          Rcode.TSIGstring(auth.tsigError()));
      return Responses.toBuf(Responses.notAuth(m, auth, keyring), alloc);
    }
    ByteBuf stripped = alloc.buffer(tsigOffset).writeBytes(wire, 0, tsigOffset);
    int arcount = ((wire[10] & 0xff) << 8) | (wire[11] & 0xff);
    stripped.setShort(10, arcount - 1);
    ByteBuf response;
    try {
      response = unsignedAnswer.apply(stripped);
    } finally {
      stripped.release();
    }
    if (response == null) {
      return null;
    }
    Message r;
    try {
      r = new Message(Responses.bytes(response));
    } catch (IOException e) {
      return response; // cannot happen for our own encoder; send it as it is
    }
    response.release();
    if (transport == io.tandemdns.server.query.Transport.UDP) {
      // The unsigned answer was cut to the client's size; the TSIG record must fit in it too.
      // dnsjava reserves the record's length and truncates (TC) before signing (RFC 8945 §5.3,
      // RFC 1035 §4.2.1: a UDP answer never exceeds what the client can take).
      r.setTSIG(auth.key(), Rcode.NOERROR, auth.requestTsig());
      byte[] signed = r.toWire(Math.min(ourPayload, udpLimit(m)));
      return alloc.buffer(signed.length).writeBytes(signed);
    }
    auth.key().apply(r, auth.requestTsig());
    return Responses.toBuf(r, alloc);
  }

  /** The client's UDP size: its EDNS payload size (at least 512, RFC 6891 §6.2.5) or 512. */
  private static int udpLimit(Message query) {
    org.xbill.DNS.OPTRecord opt = query.getOPT();
    return opt == null ? 512 : Math.max(512, Math.min(65535, opt.getPayloadSize()));
  }
}
