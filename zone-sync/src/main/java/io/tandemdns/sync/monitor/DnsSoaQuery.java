package io.tandemdns.sync.monitor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * SOA over UDP with a TCP retry when truncated (RFC 1035 §4.2.1; dnsjava's resolver does the
 * retry), bounded by a timeout. Unlike {@link io.tandemdns.sync.xfrin.SoaProbe} (which refuses a
 * non-authoritative answer outright, as a refresh must), this records the AA bit so a lame
 * server shows up as lame rather than as down.
 */
public final class DnsSoaQuery implements SoaQuery {
  private final Duration timeout;

  public DnsSoaQuery(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public Observation query(Name origin, String label, InetSocketAddress address) {
    long start = System.nanoTime();
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setTimeout(timeout);
    Message query = Message.newQuery(Record.newRecord(origin, Type.SOA, DClass.IN));
    // An authoritative server is asked without recursion, as a secondary's refresh would be.
    query.getHeader().unsetFlag(Flags.RD);
    Message response;
    try {
      response = resolver.send(query);
    } catch (IOException | RuntimeException e) {
      return Observation.unreachable(label, address, millisSince(start), describe(e));
    }
    long millis = millisSince(start);
    boolean aa = response.getHeader().getFlag(Flags.AA);
    if (response.getRcode() != Rcode.NOERROR) {
      return new Observation(label, address, true, -1, aa, millis, "answered " + Rcode.string(response.getRcode()));
    }
    for (Record r : response.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa && soa.getName().equals(origin)) {
        return new Observation(label, address, true, soa.getSerial(), aa, millis, null);
      }
    }
    return new Observation(label, address, true, -1, aa, millis, "no SOA for the zone in the answer");
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    if (e instanceof java.net.SocketTimeoutException || (message != null && message.contains("Timed out"))) {
      return "timeout";
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
