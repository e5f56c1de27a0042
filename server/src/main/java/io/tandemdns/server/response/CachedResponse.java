package io.tandemdns.server.response;

/**
 * An encoded response that may be reused for any client asking the same question: the bytes are
 * complete except for the per-client parts {@link ResponseWriter#writeCached} patches.
 *
 * @param wire the message, with the question at offset 12 and, if EDNS, an option-less OPT as
 *     the last record
 * @param rcode the (non-extended) RCODE, for counters
 * @param optRdlengthOffset the offset of the OPT RDLENGTH field, or -1 without OPT
 */
public record CachedResponse(byte[] wire, int rcode, int optRdlengthOffset) {
  public boolean hasOpt() {
    return optRdlengthOffset >= 0;
  }
}
