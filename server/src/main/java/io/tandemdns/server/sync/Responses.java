package io.tandemdns.server.sync;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tandemdns.sync.tsig.RequestAuth;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Small dnsjava helpers shared by transfers out and NOTIFY in. */
final class Responses {
  private Responses() {}

  static byte[] bytes(ByteBuf buf) {
    byte[] b = new byte[buf.readableBytes()];
    buf.getBytes(buf.readerIndex(), b);
    return b;
  }

  static ByteBuf toBuf(Message m, ByteBufAllocator alloc) {
    byte[] wire = m.toWire();
    return alloc.buffer(wire.length).writeBytes(wire);
  }

  /**
   * A response to {@code query}: same ID and opcode, QR, AA and RD copied, the question echoed,
   * the given RCODE; signed with the request's key when it was verified (RFC 8945 §5.3).
   */
  static Message answer(Message query, int rcode, RequestAuth auth) {
    Header qh = query.getHeader();
    Message m = new Message(qh.getID());
    Header h = m.getHeader();
    h.setFlag(Flags.QR);
    h.setFlag(Flags.AA);
    if (qh.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    h.setOpcode(qh.getOpcode());
    h.setRcode(rcode);
    Record q = query.getQuestion();
    if (q != null) {
      m.addRecord(q, Section.QUESTION);
    }
    sign(m, auth);
    return m;
  }

  /**
   * NOTAUTH for a request whose TSIG failed, with the TSIG record carrying the error (RFC 8945
   * §5.3.2: BADKEY/BADSIG unsigned, BADTIME signed with the server's time).
   */
  static Message notAuth(Message query, RequestAuth auth, io.tandemdns.sync.tsig.Keyring keyring) {
    Message m = answer(query, org.xbill.DNS.Rcode.NOTAUTH, null);
    if (auth.status() == RequestAuth.Status.FAILED) {
      io.tandemdns.sync.tsig.TsigErrors.add(m, auth, keyring);
    }
    return m;
  }

  static void sign(Message m, RequestAuth auth) {
    if (auth != null && auth.status() == RequestAuth.Status.VERIFIED) {
      auth.key().apply(m, auth.requestTsig());
    }
  }
}
