package io.tandemdns.sync.refresh;

import io.tandemdns.sync.xfrin.Primary;
import io.tandemdns.sync.xfrin.SoaProbe;
import io.tandemdns.sync.xfrin.TransferClient;
import io.tandemdns.sync.xfrin.TransferException;
import io.tandemdns.sync.xfrin.TransferResult;
import io.tandemdns.zone.Zone;
import org.xbill.DNS.Name;

/** SOA checks with {@link SoaProbe}, transfers with {@link TransferClient}. */
public final class NetworkZoneSource implements ZoneSource {
  private final SoaProbe probe;
  private final TransferClient client;

  public NetworkZoneSource(SoaProbe probe, TransferClient client) {
    this.probe = probe;
    this.client = client;
  }

  @Override
  public long querySerial(Name origin, Primary primary) throws TransferException {
    return probe.querySerial(origin, primary);
  }

  @Override
  public TransferResult transfer(Name origin, Primary primary, Zone current) throws TransferException {
    return client.pull(origin, primary, current);
  }
}
