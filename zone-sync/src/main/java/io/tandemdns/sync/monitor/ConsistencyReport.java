package io.tandemdns.sync.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;

/**
 * One round of the consistency check for one zone.
 *
 * @param highestSerial the highest serial (RFC 1982) any address answered with, or -1
 * @param unresolved NS host names that gave no address, with the reason
 */
public record ConsistencyReport(
    Name origin, Instant at, long highestSerial, List<AddressStatus> addresses, List<String> unresolved) {

  public ConsistencyReport {
    addresses = List.copyOf(addresses);
    unresolved = List.copyOf(unresolved);
  }

  /** Every address answered authoritatively with the same, highest serial, and every NS name resolved. */
  public boolean inSync() {
    return !addresses.isEmpty() && unresolved.isEmpty() && addresses.stream().allMatch(AddressStatus::ok);
  }

  public long count(AddressStatus.State state) {
    return addresses.stream().filter(a -> a.state() == state).count();
  }

  /** The readable table {@code tandem check} prints. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("zone ").append(origin).append("  highest serial ")
        .append(highestSerial < 0 ? "-" : Long.toString(highestSerial)).append('\n');
    String format = "%-28s %-24s %-6s %10s %6s %3s  %s%n";
    sb.append(String.format(Locale.ROOT, format, "NAMESERVER", "ADDRESS", "STATE", "SERIAL", "MS", "AA", "DETAIL"));
    for (AddressStatus a : addresses) {
      Observation o = a.observation();
      sb.append(String.format(Locale.ROOT, format, o.label(), o.addressText(), a.state(),
          o.serial() < 0 ? "-" : Long.toString(o.serial()), o.millis(),
          o.reachable() ? (o.authoritative() ? "yes" : "no") : "-", a.describe()));
    }
    for (String u : unresolved) {
      sb.append(String.format(Locale.ROOT, format, u, "-", "DOWN", "-", "-", "-", "unresolvable"));
    }
    sb.append(inSync() ? "all " + addresses.size() + " nameservers in sync\n"
        : "NOT IN SYNC: " + count(AddressStatus.State.BEHIND) + " behind, " + count(AddressStatus.State.DOWN)
            + " down, " + count(AddressStatus.State.LAME) + " lame, " + unresolved.size() + " unresolvable\n");
    return sb.toString();
  }
}
