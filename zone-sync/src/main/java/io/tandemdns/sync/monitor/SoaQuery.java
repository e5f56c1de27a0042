package io.tandemdns.sync.monitor;

import java.net.InetSocketAddress;
import org.xbill.DNS.Name;

/** Asks one address for a zone's SOA; a seam so the monitor's bookkeeping is testable alone. */
@FunctionalInterface
public interface SoaQuery {
  /** Never throws: failures come back as an unreachable {@link Observation}. */
  Observation query(Name origin, String label, InetSocketAddress address);
}
