package io.tandemdns.server.control;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/** Read-only view of the configured zones for the control API and metrics. */
public interface ZoneStatusSource {
  /** Every configured zone, in configuration order. */
  List<ZoneStatus> zones();

  default Optional<ZoneStatus> zone(Name name) {
    return zones().stream().filter(z -> z.name().equals(name)).findFirst();
  }
}
