package io.tandemdns.sync.xfrout;

import io.tandemdns.zone.Zone;
import org.xbill.DNS.Message;
import org.xbill.DNS.TSIG;

/**
 * AXFR out (RFC 5936): the whole zone as SOA, records, SOA, over as many messages as needed,
 * each name-compressed and TSIG-signed when the request was (pass the verified key, or null).
 * TCP only: an AXFR over UDP is refused by the caller (RFC 5936 §4.2).
 */
public final class AxfrProducer {
  private AxfrProducer() {}

  public static MessageSource of(Message query, Zone zone, TSIG key) {
    return of(query, zone, key, MessagePacker.DEFAULT_MAX_BYTES);
  }

  /** With an explicit per-message size budget (tests use small ones to force many messages). */
  public static MessageSource of(Message query, Zone zone, TSIG key, int maxMessageBytes) {
    return new MessagePacker(query, RecordSequences.axfr(zone), key, maxMessageBytes);
  }
}
