package io.tandemdns.sync.xfrout;

import org.xbill.DNS.Message;

/**
 * A transfer response, produced one message at a time so a multi-message AXFR/IXFR never sits
 * in memory whole (RFC 5936 §2.2: a response is a sequence of messages on one TCP connection).
 *
 * <p>Send each message with {@link Message#toWire()} (no length argument): TSIG has been applied
 * to exactly that rendering, and {@code toWire(int)} would re-render differently.
 */
public interface MessageSource {
  /** The next message, or null when the response is complete. */
  Message next();
}
