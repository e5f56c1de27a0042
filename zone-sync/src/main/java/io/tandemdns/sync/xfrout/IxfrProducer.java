package io.tandemdns.sync.xfrout;

import io.tandemdns.sync.journal.Journal;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.diff.DiffChains;
import io.tandemdns.zone.diff.Serial;
import io.tandemdns.zone.diff.ZoneDiff;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * IXFR out over TCP (RFC 1995): what to send for a client at a given serial.
 *
 * <ul>
 *   <li>client current or ahead of us: one message with just our SOA (RFC 1995 §2);
 *   <li>the journal has a chain from the client's serial to ours: the difference sequences
 *       (RFC 1995 §4), condensed into one when asked (RFC 1995 §5);
 *   <li>otherwise (serial unknown, journal trimmed, or RFC 1982 undefined distance): an
 *       AXFR-style answer, SOA + zone + SOA (RFC 1995 §4, "may be ... a full zone transfer").
 * </ul>
 */
public final class IxfrProducer {
  /** Which answer was chosen, for the transfer log line. */
  public enum Kind { UP_TO_DATE, INCREMENTAL, AXFR_STYLE }

  /** The chosen answer and its messages. */
  public record Answer(Kind kind, MessageSource messages) {}

  private IxfrProducer() {}

  /** The client's serial: the SOA in the request's authority section (RFC 1995 §3). */
  public static OptionalLong clientSerial(Message query) {
    for (Record r : query.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord soa) {
        return OptionalLong.of(soa.getSerial());
      }
    }
    return OptionalLong.empty();
  }

  public static Answer of(Message query, long clientSerial, Zone zone, Journal journal,
      boolean condense, TSIG key) {
    return of(query, clientSerial, zone, journal, condense, key, MessagePacker.DEFAULT_MAX_BYTES);
  }

  public static Answer of(Message query, long clientSerial, Zone zone, Journal journal,
      boolean condense, TSIG key, int maxMessageBytes) {
    Plan plan = plan(clientSerial, zone, journal, condense);
    return new Answer(plan.kind(), new MessagePacker(query, plan.records(), key, maxMessageBytes));
  }

  /** The decision and record sequence; shared with the UDP variant. */
  record Plan(Kind kind, Iterator<Record> records, List<ZoneDiff> chain) {}

  static Plan plan(long clientSerial, Zone zone, Journal journal, boolean condense) {
    Serial.Order ours = Serial.order(zone.serial(), clientSerial);
    if (ours == Serial.Order.EQUAL || ours == Serial.Order.OLDER) {
      return new Plan(Kind.UP_TO_DATE, List.<Record>of(zone.soa()).iterator(), List.of());
    }
    if (ours == Serial.Order.NEWER && journal != null) {
      Optional<List<ZoneDiff>> chain = journal.chainFrom(clientSerial, zone.serial());
      if (chain.isPresent()) {
        List<ZoneDiff> diffs = condense ? List.of(DiffChains.condense(chain.get())) : chain.get();
        return new Plan(Kind.INCREMENTAL, RecordSequences.ixfr(zone, diffs), diffs);
      }
    }
    return new Plan(Kind.AXFR_STYLE, RecordSequences.axfr(zone), List.of());
  }
}
