package io.tandemdns.server.sync;

import io.netty.buffer.ByteBuf;
import org.xbill.DNS.Type;

/** Reads just enough of a raw message to tell whether it is an AXFR/IXFR query. */
final class WirePeek {
  private WirePeek() {}

  /** QR=0, opcode QUERY, one question whose (uncompressed) name is followed by AXFR or IXFR. */
  static boolean isTransferQuery(ByteBuf m) {
    int base = m.readerIndex();
    int len = m.readableBytes();
    if (len < 12) {
      return false;
    }
    int flags = m.getUnsignedShort(base + 2);
    if ((flags & 0x8000) != 0 || ((flags >>> 11) & 0xF) != 0 || m.getUnsignedShort(base + 4) != 1) {
      return false;
    }
    int pos = 12;
    while (pos < len) {
      int label = m.getUnsignedByte(base + pos);
      if (label == 0) {
        pos++;
        break;
      }
      if (label > 63) {
        return false; // pointer or reserved bits: not a sane question
      }
      pos += label + 1;
    }
    if (pos + 4 > len) {
      return false;
    }
    int qtype = m.getUnsignedShort(base + pos);
    return qtype == Type.AXFR || qtype == Type.IXFR;
  }
}
