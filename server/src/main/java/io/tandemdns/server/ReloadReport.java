package io.tandemdns.server;

import java.util.List;

/** The outcome of loading or reloading every configured zone. */
public record ReloadReport(List<ZoneOutcome> zones, long millis) {
  public ReloadReport {
    zones = List.copyOf(zones);
  }

  public List<ZoneOutcome> with(ZoneOutcome.Status status) {
    return zones.stream().filter(z -> z.status() == status).toList();
  }

  public boolean ok() {
    return with(ZoneOutcome.Status.FAILED).isEmpty();
  }

  @Override
  public String toString() {
    return with(ZoneOutcome.Status.LOADED).size() + " loaded, "
        + with(ZoneOutcome.Status.UNCHANGED).size() + " unchanged, "
        + with(ZoneOutcome.Status.FAILED).size() + " failed in " + millis + " ms";
  }
}
