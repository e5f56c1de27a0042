package io.tandemdns.server.query;

import io.netty.buffer.ByteBuf;
import io.tandemdns.server.query.DecodedQuery.Problem;

/**
 * A hand-written reader of the parts of a query the server acts on: header, the question and the
 * OPT record. Records in the answer and authority sections and non-OPT additional records are
 * validated for framing and skipped, never materialised, so the hot path allocates nothing here.
 *
 * <p>Reads with absolute indexes; the buffer's reader index is not moved.
 */
final class QueryDecoder {
  static final int HEADER_LENGTH = 12;
  static final int TYPE_OPT = 41;
  static final int TYPE_TSIG = 250;
  static final int OPTION_NSID = 3;
  static final int OPTION_COOKIE = 10;
  /** RFC 1035 §2.3.4: 255 octets, counting length bytes and the root. */
  private static final int MAX_NAME_LENGTH = 255;
  private static final int OPT_DO = 0x8000;

  private QueryDecoder() {}

  /**
   * Decodes a message of at least {@link #HEADER_LENGTH} bytes. The header is always filled in;
   * {@link DecodedQuery#problem} tells whether the rest was acceptable.
   */
  static DecodedQuery decode(ByteBuf buf) {
    DecodedQuery q = new DecodedQuery();
    int base = buf.readerIndex();
    int len = buf.readableBytes();
    q.length = len;
    q.id = buf.getUnsignedShort(base);
    q.flags = buf.getUnsignedShort(base + 2);
    q.qdcount = buf.getUnsignedShort(base + 4);
    q.ancount = buf.getUnsignedShort(base + 6);
    q.nscount = buf.getUnsignedShort(base + 8);
    q.arcount = buf.getUnsignedShort(base + 10);
    q.problem = readBody(buf, base, len, q);
    return q;
  }

  private static Problem readBody(ByteBuf buf, int base, int len, DecodedQuery q) {
    // RFC 9619: a QUERY carries exactly one question. QDCOUNT=0 is still QDCOUNT, but the rest is
    // read so the processor can recognise a cookie-only query (RFC 7873 §5.4) by its OPT.
    if (q.qdcount > 1) {
      return Problem.QDCOUNT;
    }
    boolean noQuestion = q.qdcount == 0;
    int pos = HEADER_LENGTH;
    if (!noQuestion) {
      int end = nameEnd(buf, base, len, pos, false);
      if (end < 0) {
        return problemOf(end);
      }
      if (end + 4 > len) {
        return Problem.TRUNCATED_QUESTION;
      }
      q.qnameEnd = end;
      q.qtype = buf.getUnsignedShort(base + end);
      q.qclass = buf.getUnsignedShort(base + end + 2);
      q.questionEnd = end + 4;
      q.questionParsed = true;
      pos = q.questionEnd;
    }

    int records = q.ancount + q.nscount + q.arcount;
    int additionalStart = q.ancount + q.nscount;
    for (int i = 0; i < records; i++) {
      int ownerStart = pos;
      pos = nameEnd(buf, base, len, pos, true);
      if (pos == ERR_TRUNCATED) {
        return Problem.TRUNCATED_RECORD;
      }
      if (pos < 0) {
        return problemOf(pos);
      }
      if (pos + 10 > len) {
        return Problem.TRUNCATED_RECORD;
      }
      int type = buf.getUnsignedShort(base + pos);
      int rdlength = buf.getUnsignedShort(base + pos + 8);
      int rdata = pos + 10;
      if (rdata + rdlength > len) {
        return Problem.TRUNCATED_RECORD;
      }
      if (type == TYPE_OPT) {
        Problem p = readOpt(buf, base, q, ownerStart, pos, rdata, rdlength, i >= additionalStart);
        if (p != Problem.NONE) {
          return p;
        }
      }
      // Later issues dispatch here: TSIG (RFC 8945, last additional record) and cookies.
      if (type == TYPE_TSIG && i == records - 1 && q.arcount > 0) {
        q.tsigOffset = ownerStart; // zone sync verifies and signs (issue 3)
      }
      pos = rdata + rdlength;
    }
    // Counts that do not describe the whole message mean we misread it; BIND and Knot answer
    // FORMERR for trailing bytes too.
    if (pos != len) {
      return Problem.TRAILING_DATA;
    }
    return noQuestion ? Problem.QDCOUNT : Problem.NONE;
  }

  private static Problem readOpt(
      ByteBuf buf, int base, DecodedQuery q, int owner, int fixed, int rdata, int rdlength,
      boolean inAdditional) {
    boolean first = !q.hasOpt;
    q.hasOpt = true;
    // RFC 6891 §6.1.1: at most one OPT, only in the additional section, owned by the root.
    if (!first) {
      q.optValid = false;
      return Problem.TWO_OPTS;
    }
    if (!inAdditional || !isRoot(buf, base, owner)) {
      return Problem.BAD_OPT;
    }
    q.clientPayload = buf.getUnsignedShort(base + fixed + 2);
    long ttl = buf.getUnsignedInt(base + fixed + 4);
    q.ednsVersion = (int) ((ttl >>> 16) & 0xFF);
    q.dnssecOk = (ttl & OPT_DO) != 0;
    // RFC 6891 §6.1.2: options are {code, length, data}; one overrunning the RDATA is malformed.
    int pos = rdata;
    int end = rdata + rdlength;
    while (pos < end) {
      if (pos + 4 > end) {
        return Problem.OPT_OPTION_LENGTH;
      }
      int code = buf.getUnsignedShort(base + pos);
      int optlen = buf.getUnsignedShort(base + pos + 2);
      pos += 4;
      if (pos + optlen > end) {
        return Problem.OPT_OPTION_LENGTH;
      }
      // RFC 5001 §2.1: a requestor sends NSID empty; like Knot we take any NSID option as the
      // request. Unknown options are ignored (RFC 6891 §6.1.2); COOKIE (RFC 7873) goes here.
      if (code == OPTION_NSID) {
        q.nsidRequested = true;
      } else if (code == OPTION_COOKIE && q.cookieOffset < 0) {
        // RFC 7873 §5.2: the first COOKIE option is the one processed.
        q.cookieOffset = pos;
        q.cookieLength = optlen;
      }
      pos += optlen;
    }
    q.optValid = true;
    return Problem.NONE;
  }

  /** True when the name at {@code pos} is the root, directly or through one pointer. */
  private static boolean isRoot(ByteBuf buf, int base, int pos) {
    int b = buf.getUnsignedByte(base + pos);
    if ((b & 0xC0) == 0xC0) {
      int target = ((b & 0x3F) << 8) | buf.getUnsignedByte(base + pos + 1);
      return buf.getUnsignedByte(base + target) == 0;
    }
    return b == 0;
  }

  private static final int ERR_TRUNCATED = -1;
  private static final int ERR_LABEL = -2;
  private static final int ERR_TOO_LONG = -3;
  private static final int ERR_POINTER_IN_QNAME = -4;
  private static final int ERR_BAD_POINTER = -5;

  private static Problem problemOf(int err) {
    return switch (err) {
      case ERR_TRUNCATED -> Problem.TRUNCATED_QUESTION;
      case ERR_LABEL -> Problem.BAD_LABEL;
      case ERR_TOO_LONG -> Problem.NAME_TOO_LONG;
      case ERR_POINTER_IN_QNAME -> Problem.POINTER_IN_QNAME;
      default -> Problem.BAD_POINTER;
    };
  }

  /**
   * Validates the name at {@code start} and returns the offset just after it in the message (after
   * the first pointer if it is compressed), or a negative ERR_ code.
   *
   * <p>RFC 1035 §4.1.4 pointers must point strictly before the label sequence being read, which
   * makes loops impossible and bounds the walk by the message length.
   */
  static int nameEnd(ByteBuf buf, int base, int len, int start, boolean pointersAllowed) {
    int pos = start;
    int after = -1;
    int lowest = start;
    int wireLength = 0;
    while (true) {
      if (pos >= len) {
        return ERR_TRUNCATED;
      }
      int b = buf.getUnsignedByte(base + pos);
      int kind = b & 0xC0;
      if (kind == 0xC0) {
        if (!pointersAllowed) {
          return ERR_POINTER_IN_QNAME;
        }
        if (pos + 1 >= len) {
          return ERR_TRUNCATED;
        }
        int target = ((b & 0x3F) << 8) | buf.getUnsignedByte(base + pos + 1);
        if (target >= lowest || target < HEADER_LENGTH) {
          return ERR_BAD_POINTER;
        }
        if (after < 0) {
          after = pos + 2;
        }
        lowest = target;
        pos = target;
        continue;
      }
      if (kind != 0) {
        // 0x40 (extended label types, RFC 6891 §5 deprecates them) and 0x80 (reserved); with
        // the 00 prefix a label is at most 63 octets by construction (RFC 1035 §2.3.4).
        return ERR_LABEL;
      }
      wireLength += b + 1;
      if (wireLength > MAX_NAME_LENGTH) {
        return ERR_TOO_LONG;
      }
      if (b == 0) {
        return after < 0 ? pos + 1 : after;
      }
      pos += b + 1;
    }
  }
}
