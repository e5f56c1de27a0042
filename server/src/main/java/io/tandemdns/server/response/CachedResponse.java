package io.tandemdns.server.response;

/**
 * An encoded response that may be reused for any client asking the same question: the bytes are
 * complete except for the per-client parts {@link ResponseWriter#writeCached} patches.
 *
 * @param wire the message, with the question at offset 12 and, if EDNS, an option-less OPT as
 *     the last record
 * @param rcode the (non-extended) RCODE, for counters
 * @param optRdlengthOffset the offset of the OPT RDLENGTH field, or -1 without OPT
 * @param rateClass the RRL response class ordinal, or -1 when untagged
 * @param rateName the hash of the RRL bucket name
 */
public record CachedResponse(byte[] wire, int rcode, int optRdlengthOffset, int rateClass, long rateName) {
  /** Without rate-limiting data (class -1: derived from the RCODE). */
  public CachedResponse(byte[] wire, int rcode, int optRdlengthOffset) {
    this(wire, rcode, optRdlengthOffset, -1, 0);
  }

  /**
   * The same bytes tagged for response rate limiting, so a cache hit knows its RRL bucket.
   *
   * @param rateClass an {@code io.tandemdns.server.rrl.ResponseClass} ordinal
   * @param rateName the hash of the bucket name
   */
  public CachedResponse withRate(int rateClass, long rateName) {
    return new CachedResponse(wire, rcode, optRdlengthOffset, rateClass, rateName);
  }

  public boolean hasOpt() {
    return optRdlengthOffset >= 0;
  }
}
