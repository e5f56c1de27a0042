package io.tandemdns.sync.refresh;

import io.tandemdns.sync.xfrin.Primary;
import io.tandemdns.sync.xfrin.TransferException;
import io.tandemdns.sync.xfrin.TransferResult;
import io.tandemdns.zone.Zone;
import org.xbill.DNS.Name;

/**
 * The network seam of a secondary zone: the SOA check and the transfer. The real one is
 * {@link NetworkZoneSource}; results must already be validated (see TransferClient).
 */
public interface ZoneSource {
  long querySerial(Name origin, Primary primary) throws TransferException;

  /** IXFR from {@code current} (AXFR when null); never a partially applied zone. */
  TransferResult transfer(Name origin, Primary primary, Zone current) throws TransferException;
}
