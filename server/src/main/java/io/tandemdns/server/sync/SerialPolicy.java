package io.tandemdns.server.sync;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneBuilder;
import io.tandemdns.zone.diff.Serial;
import io.tandemdns.zone.diff.ZoneDiff;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A primary zone's {@code serial-policy} (issue 3): when a reload brings changed content under a
 * serial that did not grow, the served copy gets a new serial instead of the reload being
 * refused, so secondaries (which only transfer when the serial grows, RFC 1982) see the change.
 * The new serial is always newer than the served one in RFC 1982 arithmetic.
 */
public enum SerialPolicy {
  /** The served serial + 1. */
  INCREMENT,
  /** Seconds since 1970 (UTC), or served + 1 when that is not newer. */
  UNIXTIME,
  /** YYYYMMDDnn of today (UTC): today's first free nn, or served + 1 when today is used up or older. */
  DATESERIAL;

  public static SerialPolicy parse(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "increment" -> INCREMENT;
      case "unixtime" -> UNIXTIME;
      case "dateserial" -> DATESERIAL;
      default -> throw new IllegalArgumentException("'" + s + "' is not increment, unixtime or dateserial");
    };
  }

  /** The next serial after {@code served} under this policy (32-bit, RFC 1982 newer). */
  public long next(long served, Clock clock) {
    long plusOne = (served + 1) & 0xFFFFFFFFL;
    long candidate = switch (this) {
      case INCREMENT -> plusOne;
      case UNIXTIME -> clock.instant().getEpochSecond() & 0xFFFFFFFFL;
      case DATESERIAL -> {
        LocalDate d = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        long today = d.getYear() * 1_000_000L + d.getMonthValue() * 10_000L + d.getDayOfMonth() * 100L;
        // Today's block is today00..today99; continue inside it when the served serial is in it.
        yield served >= today && served < today + 99 ? served + 1 : today;
      }
    };
    return Serial.isNewer(candidate, served) ? candidate : plusOne;
  }

  /**
   * The version to serve for a reload of {@code loaded} over {@code served} whose serial did not
   * grow: {@code served} itself when nothing but the SOA changed (nothing to announce), else
   * {@code loaded} rebuilt with a SOA carrying {@link #next}. Null when the zone cannot be
   * re-serialled here (DNSSEC-signed: the SOA's RRSIG would no longer match).
   */
  public Zone apply(Zone served, Zone loaded, Clock clock) {
    if (ZoneDiff.compute(served, loaded).isEmpty() && sameSoaData(served.soa(), loaded.soa())) {
      return served;
    }
    if (loaded.isSigned()) {
      return null;
    }
    SOARecord old = loaded.soa();
    SOARecord soa = new SOARecord(old.getName(), old.getDClass(), old.getTTL(), old.getHost(), old.getAdmin(),
        next(served.serial(), clock), old.getRefresh(), old.getRetry(), old.getExpire(), old.getMinimum());
    ZoneBuilder b = new ZoneBuilder(loaded.origin());
    for (Record r : loaded.records()) {
      b.add(r.getType() == Type.SOA && r.getName().equals(loaded.origin()) ? soa : r);
    }
    return b.build();
  }

  private static boolean sameSoaData(SOARecord a, SOARecord b) {
    return a.getTTL() == b.getTTL() && a.getHost().equals(b.getHost()) && a.getAdmin().equals(b.getAdmin())
        && a.getRefresh() == b.getRefresh() && a.getRetry() == b.getRetry() && a.getExpire() == b.getExpire()
        && a.getMinimum() == b.getMinimum();
  }
}
