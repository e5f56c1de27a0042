package io.tandemdns.server.query;

/**
 * What {@link QueryDecoder} read from one message: header fields, the single question and the
 * EDNS(0) OPT record. Offsets are relative to the start of the message.
 *
 * <p>One instance per query, filled in place by the decoder (no intermediate objects).
 */
final class DecodedQuery {
  /** Why a message with a readable header is malformed; {@link #NONE} when it is well formed. */
  enum Problem {
    NONE,
    /** The question is cut short (RFC 1035 §4.1.2). */
    TRUNCATED_QUESTION,
    /** A label length byte uses the reserved 01/10 prefixes (RFC 6891 §5, RFC 2671 history). */
    BAD_LABEL,
    /** A name longer than 255 octets (RFC 1035 §2.3.4). */
    NAME_TOO_LONG,
    /** A compression pointer in the question name; it can only point at the header or itself. */
    POINTER_IN_QNAME,
    /** A compression pointer that does not point strictly backwards (loops, forward jumps). */
    BAD_POINTER,
    /** A resource record runs past the end of the message (RFC 1035 §4.1.3). */
    TRUNCATED_RECORD,
    /** Bytes after the last counted record (RFC 1035 §4.1: counts describe the message). */
    TRAILING_DATA,
    /** Not exactly one question (RFC 9619: QDCOUNT is 1 for QUERY). */
    QDCOUNT,
    /** More than one OPT record (RFC 6891 §6.1.1). */
    TWO_OPTS,
    /** OPT outside the additional section or with an owner other than the root (RFC 6891 §6.1.1). */
    BAD_OPT,
    /** An EDNS option whose length runs past the OPT RDATA (RFC 6891 §6.1.2). */
    OPT_OPTION_LENGTH
  }

  int length;
  int id;
  int flags;
  int qdcount;
  int ancount;
  int nscount;
  int arcount;

  /** The question was read completely; {@link #questionEnd} is valid and may be echoed. */
  boolean questionParsed;
  /** Offset just after the qname (the qname occupies [12, qnameEnd)). */
  int qnameEnd;
  /** Offset just after QCLASS. */
  int questionEnd;
  int qtype;
  int qclass;

  /** At least one OPT record was present (even if it turned out to be malformed). */
  boolean hasOpt;
  /** The OPT record was read completely and is the only one. */
  boolean optValid;
  int clientPayload;
  int ednsVersion;
  boolean dnssecOk;
  /** An NSID option was present (RFC 5001 §2.1; its payload, which should be empty, is ignored). */
  boolean nsidRequested;
  /** Offset of the first COOKIE option's data (RFC 7873 §4), or -1 when there is none. */
  int cookieOffset = -1;
  /** Length of that option's data (validity is checked by the processor, RFC 7873 §5.2.2). */
  int cookieLength;

  /** Set by the processor: the COOKIE option data to send back (client + server cookie), or null. */
  byte[] responseCookie;
  /** Set by the processor: the query carried a server cookie of ours that is still valid. */
  boolean serverCookieValid;
  /** Set by the processor for RRL: the {@code ResponseClass} ordinal of the answer, or -1. */
  int rateClass = -1;
  /** Set by the processor for RRL: the hash of the bucket name. */
  long rateName;

  /** Offset of a TSIG record that is the last additional record (RFC 8945 §5.1), or -1. */
  int tsigOffset = -1;

  Problem problem = Problem.NONE;

  int opcode() {
    return (flags >>> 11) & 0xF;
  }

  boolean isResponse() {
    return (flags & 0x8000) != 0;
  }

  int qnameLength() {
    return qnameEnd - QueryDecoder.HEADER_LENGTH;
  }
}
