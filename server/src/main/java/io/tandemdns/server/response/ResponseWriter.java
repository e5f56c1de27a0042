package io.tandemdns.server.response;

import static io.tandemdns.server.response.MessageWriter.FLAG_CD;
import static io.tandemdns.server.response.MessageWriter.FLAG_QR;
import static io.tandemdns.server.response.MessageWriter.FLAG_RD;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Writes responses into a fresh buffer: cached ones with the per-client parts patched, and the
 * short header-only error responses, which are built by hand because they are cheap and are
 * what floods of junk get.
 */
public final class ResponseWriter {
  static final int HEADER_LENGTH = 12;
  private static final int TYPE_OPT = 41;
  private static final int OPTION_NSID = 3;
  private static final int OPTION_COOKIE = 10;
  private static final int OPT_DO = 0x8000;

  private ResponseWriter() {}

  /** Bytes {@link #appendNsid} adds: option code, length, data (RFC 5001 §2.3). */
  public static int nsidLength(byte[] nsid) {
    return nsid == null ? 0 : 4 + nsid.length;
  }

  /**
   * A cached response for this client: its ID, its RD/CD bits, its qname letter case (RFC 4343
   * §4.1: the question is echoed as sent; names compressed to it follow), and per-client OPT
   * options (NSID now, cookies later), which are never part of cached bytes.
   *
   * @param query the query; its qname occupies {@code [readerIndex + 12, + qnameLength)}, which
   *     has the same length as the cached question's qname because the key is that name
   * @param nsid the NSID to append, or null; the response must have been encoded with room for it
   */
  public static ByteBuf writeCached(
      ByteBufAllocator alloc, CachedResponse cached, ByteBuf query, int qnameLength, int id, int queryFlags,
      byte[] nsid) {
    return writeCached(alloc, cached, query, qnameLength, id, queryFlags, nsid, null);
  }

  /**
   * As above, plus a COOKIE option (RFC 7873 §4: the client cookie and our server cookie), which is
   * per client and so never part of cached bytes.
   *
   * @param cookie the COOKIE option data, or null
   */
  public static ByteBuf writeCached(
      ByteBufAllocator alloc, CachedResponse cached, ByteBuf query, int qnameLength, int id, int queryFlags,
      byte[] nsid, byte[] cookie) {
    byte[] wire = cached.wire();
    boolean withNsid = nsid != null && cached.hasOpt();
    boolean withCookie = cookie != null && cached.hasOpt();
    ByteBuf out = alloc.buffer(wire.length + (withNsid ? nsidLength(nsid) : 0) + (withCookie ? cookieLength(cookie) : 0));
    out.writeBytes(wire);
    out.setShort(0, id);
    int flags = ((wire[2] & 0xFF) << 8) | (wire[3] & 0xFF);
    flags = (flags & ~(FLAG_RD | FLAG_CD)) | (queryFlags & (FLAG_RD | FLAG_CD));
    out.setShort(2, flags);
    out.setBytes(HEADER_LENGTH, query, query.readerIndex() + HEADER_LENGTH, qnameLength);
    if (withNsid) {
      appendNsid(out, cached.optRdlengthOffset(), nsid);
    }
    if (withCookie) {
      appendCookie(out, cached.optRdlengthOffset(), cookie);
    }
    return out;
  }

  /**
   * A response with no records beyond the echoed question and OPT: FORMERR, NOTIMP, REFUSED,
   * SERVFAIL, BADVERS.
   *
   * @param rcode the full (possibly extended, RFC 6891 §6.1.3) RCODE; extended ones need an OPT
   * @param query the query, whose header is readable
   * @param questionEnd the end of the question to echo (from offset 12), or -1 for none
   * @param ednsPayload our payload for the OPT, or -1 for no OPT
   * @param nsid the NSID to include, or null
   */
  public static ByteBuf writeError(
      ByteBufAllocator alloc, int rcode, ByteBuf query, int questionEnd, int ednsPayload, boolean dnssecOk,
      byte[] nsid) {
    return writeError(alloc, rcode, query, questionEnd, ednsPayload, dnssecOk, nsid, null);
  }

  /** As above, plus a COOKIE option (null for none). */
  public static ByteBuf writeError(
      ByteBufAllocator alloc, int rcode, ByteBuf query, int questionEnd, int ednsPayload, boolean dnssecOk,
      byte[] nsid, byte[] cookie) {
    int base = query.readerIndex();
    int queryFlags = query.getUnsignedShort(base + 2);
    int questionLength = questionEnd < 0 ? 0 : questionEnd - HEADER_LENGTH;
    boolean opt = ednsPayload >= 0;
    int size = HEADER_LENGTH + questionLength + (opt ? 11 + nsidLength(nsid) + cookieLength(cookie) : 0);
    ByteBuf out = alloc.buffer(size);
    out.writeShort(query.getUnsignedShort(base));
    // RFC 1035 §4.1.1: QR set, OPCODE copied, RD copied; RA, AA and Z clear. CD copied (RFC 4035
    // §3.1.6).
    int flags = FLAG_QR | (queryFlags & 0x7800) | (queryFlags & (FLAG_RD | FLAG_CD)) | (rcode & 0xF);
    out.writeShort(flags);
    out.writeShort(questionLength > 0 ? 1 : 0);
    out.writeShort(0);
    out.writeShort(0);
    out.writeShort(opt ? 1 : 0);
    if (questionLength > 0) {
      out.writeBytes(query, base + HEADER_LENGTH, questionLength);
    }
    if (opt) {
      out.writeByte(0); // root owner
      out.writeShort(TYPE_OPT);
      out.writeShort(ednsPayload);
      // TTL: extended RCODE (upper 8 of 12 bits), version 0, DO echoed (RFC 6891 §6.1.3).
      out.writeByte(rcode >>> 4);
      out.writeByte(0);
      out.writeShort(dnssecOk ? OPT_DO : 0);
      int rdlengthOffset = out.writerIndex();
      out.writeShort(0);
      if (nsid != null) {
        appendNsid(out, rdlengthOffset, nsid);
      }
      if (cookie != null) {
        appendCookie(out, rdlengthOffset, cookie);
      }
    }
    return out;
  }

  /** Bytes {@link #appendCookie} adds: option code, length, data (RFC 7873 §4). */
  public static int cookieLength(byte[] cookie) {
    return cookie == null ? 0 : 4 + cookie.length;
  }

  /** Appends a COOKIE option to the OPT that ends the message; the OPT's RDLENGTH grows. */
  private static void appendCookie(ByteBuf out, int rdlengthOffset, byte[] cookie) {
    out.writeShort(OPTION_COOKIE);
    out.writeShort(cookie.length);
    out.writeBytes(cookie);
    out.setShort(rdlengthOffset, out.getUnsignedShort(rdlengthOffset) + cookieLength(cookie));
  }

  /** Appends an NSID option to the OPT that ends the message; the OPT's RDLENGTH grows. */
  private static void appendNsid(ByteBuf out, int rdlengthOffset, byte[] nsid) {
    out.writeShort(OPTION_NSID);
    out.writeShort(nsid.length);
    out.writeBytes(nsid);
    out.setShort(rdlengthOffset, out.getUnsignedShort(rdlengthOffset) + nsidLength(nsid));
  }
}
