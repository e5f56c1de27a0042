package io.tandemdns.sync.xfrout;

import io.tandemdns.zone.Zone;
import java.util.Iterator;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;

/**
 * AXFR out (RFC 5936): the whole zone as SOA, records, SOA, over as many messages as needed,
 * each name-compressed and TSIG-signed when the request was (pass the verified key, or null).
 * TCP only: an AXFR over UDP is refused by the caller (RFC 5936 §4.2).
 */
public final class AxfrProducer {
  /** The size budget of one transfer message (see {@link MessagePacker}). */
  public static final int MESSAGE_BYTES = MessagePacker.DEFAULT_MAX_BYTES;

  private AxfrProducer() {}

  /**
   * The records of an AXFR answer in order (RFC 5936 §2.2: SOA, every other record, SOA), for a
   * caller that renders the messages itself.
   */
  public static Iterator<Record> records(Zone zone) {
    return RecordSequences.axfr(zone);
  }

  public static MessageSource of(Message query, Zone zone, TSIG key) {
    return of(query, zone, key, MessagePacker.DEFAULT_MAX_BYTES);
  }

  /** With an explicit per-message size budget (tests use small ones to force many messages). */
  public static MessageSource of(Message query, Zone zone, TSIG key, int maxMessageBytes) {
    return new MessagePacker(query, RecordSequences.axfr(zone), key, maxMessageBytes);
  }
}
