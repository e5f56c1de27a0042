package io.tandemdns.sync.refresh;

import io.tandemdns.sync.xfrin.Primary;
import io.tandemdns.sync.xfrin.TransferException;
import io.tandemdns.sync.xfrin.TransferResult;
import io.tandemdns.zone.Zone;
import io.tandemdns.zone.diff.Serial;
import io.tandemdns.zone.diff.ZoneDiff;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * The network seam for unit tests: primaries with a current zone each, which can be taken
 * "down". Transfers are IXFR-shaped when we have a copy (diff computed from it), AXFR otherwise.
 */
final class FakePrimaries implements ZoneSource {
  final Map<Primary, Zone> zones = new HashMap<>();
  final Map<Primary, Boolean> down = new HashMap<>();
  final List<String> calls = new ArrayList<>();

  static Primary primary(int lastOctet) {
    try {
      return new Primary(new InetSocketAddress(
          java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet}), 53), null);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private Zone zoneOf(Primary p) throws TransferException {
    if (down.getOrDefault(p, false) || !zones.containsKey(p)) {
      throw new TransferException("primary " + p + " unreachable");
    }
    return zones.get(p);
  }

  @Override
  public long querySerial(Name origin, Primary p) throws TransferException {
    calls.add("SOA " + p.address().getAddress().getHostAddress());
    return zoneOf(p).serial();
  }

  @Override
  public TransferResult transfer(Name origin, Primary p, Zone current) throws TransferException {
    calls.add("XFR " + p.address().getAddress().getHostAddress());
    Zone z = zoneOf(p);
    if (current == null) {
      return new TransferResult.Full(z);
    }
    if (!Serial.isNewer(z.serial(), current.serial())) {
      return new TransferResult.UpToDate(z.serial());
    }
    return new TransferResult.Incremental(z, List.of(ZoneDiff.compute(current, z)));
  }
}
