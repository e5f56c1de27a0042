package io.tandemdns.sync.xfrin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
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
 * The refresh check of RFC 1034 §4.3.5: ask a primary for the zone's SOA and read its serial.
 * UDP first, TCP when the answer is truncated (RFC 1035 §4.2.1; dnsjava's resolver retries on
 * TC) or refused; TSIG-signed and verified when the primary has a key.
 */
public final class SoaProbe {
  private final Duration timeout;
  private final InetAddress localAddress;

  public SoaProbe(Duration timeout, InetAddress localAddress) {
    this.timeout = timeout;
    this.localAddress = localAddress;
  }

  public long querySerial(Name origin, Primary primary) throws TransferException {
    SimpleResolver resolver = new SimpleResolver(primary.address());
    resolver.setTimeout(timeout);
    if (localAddress != null) {
      resolver.setLocalAddress(new InetSocketAddress(localAddress, 0));
    }
    if (primary.key() != null) {
      resolver.setTSIGKey(primary.key());
    }
    Message query = Message.newQuery(Record.newRecord(origin, Type.SOA, DClass.IN));
    Message response = send(resolver, query, origin, primary);
    if (response.getRcode() == Rcode.REFUSED) {
      // Some primaries answer zone-transfer-only zones over TCP alone (Knot refuses UDP queries
      // for the catalogs it generates); the transfer that follows needs TCP anyway.
      resolver.setTCP(true);
      response = send(resolver, query, origin, primary);
    }
    if (response.getRcode() != Rcode.NOERROR) {
      throw new TransferException(origin + ": SOA query to " + primary + " answered "
          + Rcode.string(response.getRcode()) + (primary.key() != null && !response.isVerified() ? " (unsigned)" : ""));
    }
    if (primary.key() != null && !response.isVerified()) {
      throw new TransferException(origin + ": SOA answer from " + primary + " failed TSIG verification");
    }
    // RFC 1996 §3.11 / RFC 1034 §4.3.5: only an authoritative answer from the primary counts.
    if (!response.getHeader().getFlag(Flags.AA)) {
      throw new TransferException(origin + ": SOA answer from " + primary + " is not authoritative");
    }
    for (Record r : response.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa && soa.getName().equals(origin)) {
        return soa.getSerial();
      }
    }
    throw new TransferException(origin + ": SOA answer from " + primary + " has no SOA for the zone");
  }

  private static Message send(SimpleResolver resolver, Message query, Name origin, Primary primary)
      throws TransferException {
    try {
      return resolver.send(query);
    } catch (IOException | RuntimeException e) {
      throw new TransferException(origin + ": SOA query to " + primary + " failed: " + e, e);
    }
  }
}
