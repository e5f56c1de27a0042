package io.tandemdns.sync.monitor;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * Turns a nameserver's host name into addresses. The seam exists so tests (and deployments that
 * want it) never depend on the system resolver: they hand over literal addresses instead.
 */
@FunctionalInterface
public interface NameResolver {
  /** @throws IOException when the name cannot be resolved (reported as "unresolvable", not fatal) */
  List<InetAddress> resolve(Name host) throws IOException;

  /** Resolves nothing: only explicitly configured addresses are watched. */
  NameResolver NONE = host -> List.of();
}
