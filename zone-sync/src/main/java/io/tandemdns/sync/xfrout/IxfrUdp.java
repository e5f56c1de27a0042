package io.tandemdns.sync.xfrout;

import io.tandemdns.sync.journal.Journal;
import io.tandemdns.zone.Zone;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * IXFR over UDP (RFC 1995 §2): the incremental answer in one datagram if it fits, otherwise
 * just our current SOA, which tells the client to retry over TCP. An AXFR-style answer is
 * never sent over UDP (it would be an amplification vector); the SOA alone goes instead.
 */
public final class IxfrUdp {
  private IxfrUdp() {}

  /**
   * @param maxSize the client's UDP payload size (512, or the EDNS size, RFC 6891 §6.2.3)
   */
  public static Message answer(Message query, long clientSerial, Zone zone, Journal journal,
      TSIG key, int maxSize) {
    IxfrProducer.Plan plan = IxfrProducer.plan(clientSerial, zone, journal, true);
    if (plan.kind() == IxfrProducer.Kind.INCREMENTAL) {
      Message full = MessagePacker.responseShell(query, true);
      plan.records().forEachRemaining(r -> full.addRecord(r, Section.ANSWER));
      int reserve = key == null ? 0 : key.recordLength();
      if (full.toWire().length + reserve <= maxSize) {
        sign(full, query, key);
        return full;
      }
    }
    Message soaOnly = MessagePacker.responseShell(query, true);
    soaOnly.addRecord((Record) zone.soa(), Section.ANSWER);
    sign(soaOnly, query, key);
    return soaOnly;
  }

  private static void sign(Message m, Message query, TSIG key) {
    if (key != null) {
      key.apply(m, query.getTSIG()); // single message: full TSIG variables (RFC 8945 §4.3.3)
    }
  }
}
