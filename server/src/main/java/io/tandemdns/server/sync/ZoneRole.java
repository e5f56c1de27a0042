package io.tandemdns.server.sync;

import io.tandemdns.sync.tsig.Acl;
import io.tandemdns.sync.xfrin.Primary;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.TSIG;

/**
 * How one zone takes part in zone sync.
 *
 * @param kind primary (served from its file, journaled on reload) or secondary (pulled)
 * @param primaries for a secondary: where to pull from, in order (failover)
 * @param allowTransfer who may AXFR/IXFR the zone from us (empty: nobody)
 * @param notifyTargets where to send NOTIFY after each new version (RFC 1996 §3.5)
 * @param allowNotify who may NOTIFY us about it (a secondary; default: its primaries)
 * @param serialPolicy a primary's re-serialling of reloads whose serial did not grow, or null
 */
public record ZoneRole(Kind kind, List<Primary> primaries, Acl allowTransfer,
    List<NotifyTarget> notifyTargets, Acl allowNotify, SerialPolicy serialPolicy) {
  public enum Kind { PRIMARY, SECONDARY }

  /** A NOTIFY destination: literal address and port, optional TSIG key to sign with. */
  public record NotifyTarget(InetSocketAddress address, TSIG key) {
    @Override
    public String toString() {
      return address.getAddress().getHostAddress() + "#" + address.getPort() + (key == null ? "" : " (TSIG)");
    }
  }

  public ZoneRole {
    primaries = List.copyOf(primaries);
    notifyTargets = List.copyOf(notifyTargets);
  }

  public boolean isSecondary() {
    return kind == Kind.SECONDARY;
  }
}
