package io.tandemdns.server.sync;

import io.tandemdns.sync.journal.JournalLimits;
import io.tandemdns.sync.refresh.TimerLimits;
import io.tandemdns.sync.tsig.Keyring;
import io.tandemdns.sync.xfrin.TransferLimits;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * The zone-sync part of the configuration (issue 3): TSIG keys, where state lives, the source
 * address of outgoing traffic, limits, and the role of every zone that takes part in transfers.
 *
 * @param stateDir persisted secondary copies and journals; null keeps them in memory only
 * @param sourceAddress source of outgoing NOTIFY, SOA queries and transfers (BIND's
 *     notify-source / transfer-source); null: the single listen address, else the system's choice
 * @param zones zones with a role (primary or secondary); a zone not listed has no transfers
 * @param catalogs catalog consumers and producers (issue 8)
 */
public record SyncSettings(
    Keyring keyring,
    Path stateDir,
    InetAddress sourceAddress,
    TimerLimits timers,
    JournalLimits journal,
    TransferLimits transfer,
    Map<Name, ZoneRole> zones,
    CatalogSettings catalogs) {

  public static final SyncSettings NONE = new SyncSettings(Keyring.empty(), null, null,
      TimerLimits.DEFAULT, JournalLimits.DEFAULT, TransferLimits.DEFAULT, Map.of());

  public SyncSettings {
    zones = Map.copyOf(zones);
    catalogs = catalogs == null ? CatalogSettings.NONE : catalogs;
  }

  public SyncSettings(Keyring keyring, Path stateDir, InetAddress sourceAddress, TimerLimits timers,
      JournalLimits journal, TransferLimits transfer, Map<Name, ZoneRole> zones) {
    this(keyring, stateDir, sourceAddress, timers, journal, transfer, zones, CatalogSettings.NONE);
  }

  /** Whether the server needs the sync machinery at all (otherwise it behaves as before). */
  public boolean enabled() {
    return !zones.isEmpty();
  }

  public SyncSettings withZones(Map<Name, ZoneRole> newZones) {
    return new SyncSettings(keyring, stateDir, sourceAddress, timers, journal, transfer, newZones, catalogs);
  }

  public SyncSettings withStateDir(Path dir) {
    return new SyncSettings(keyring, dir, sourceAddress, timers, journal, transfer, zones, catalogs);
  }

  public SyncSettings withTimers(TimerLimits t) {
    return new SyncSettings(keyring, stateDir, sourceAddress, t, journal, transfer, zones, catalogs);
  }

  public SyncSettings withKeyring(Keyring k) {
    return new SyncSettings(k, stateDir, sourceAddress, timers, journal, transfer, zones, catalogs);
  }
}
