package io.tandemdns.zone.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.tandemdns.zone.RecordDedupe;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Semantic checks of a parsed zone, in the spirit of {@code named-checkzone -i local} and
 * {@code kzonecheck}. Errors stop the zone from being served; warnings are reported only.
 *
 * <p>Rules, each reported at the line of the offending record:
 *
 * <ul>
 *   <li>class IN only; every owner at or below the origin;
 *   <li>exactly one SOA, at the apex; NS at the apex;
 *   <li>CNAME alone at its name, except RRSIG and NSEC (RFC 1034 §3.6.2, RFC 4035 §2.5); one
 *       CNAME per name (RFC 2181 §10.1); no CNAME beside DNAME;
 *   <li>no data below a DNAME owner (RFC 6672 §2.4), one DNAME per name;
 *   <li>below a zone cut only A/AAAA glue; at the cut only NS, DS, glue, NSEC, RRSIG (RFC 1034
 *       §4.2.1: everything else there is occluded and would never be served);
 *   <li>warning: TTLs differ inside an RRset (RFC 2181 §5.2);
 *   <li>warnings for signed zones: {@link DnssecChecks};
 *   <li>warning: an in-zone NS target with no A/AAAA. (BIND makes this an error; Tandem serves
 *       the zone, as the name may still resolve through another server's copy.)
 * </ul>
 */
public final class ZoneChecks {
  private ZoneChecks() {}

  /** Checks records parsed for {@code origin}; {@code file} names zone-wide problems. */
  public static List<ZoneProblem> check(List<LocatedRecord> all, Name origin, String file) {
    List<ZoneProblem> problems = new ArrayList<>();
    // owner -> type -> records, in file order; RRSIGs are grouped under Type.RRSIG.
    Map<Name, Map<Integer, List<LocatedRecord>>> byName = new LinkedHashMap<>();
    // Identical records collapse (RFC 2181 §5; equals ignores TTL); the first keeps its line.
    RecordDedupe<LocatedRecord> dedupe = new RecordDedupe<>(LocatedRecord::record);
    List<LocatedRecord> kept = new ArrayList<>(all.size());
    Set<Name> cnameOwners = new HashSet<>();
    for (LocatedRecord lr : all) {
      Record r = lr.record();
      if (r.getDClass() != DClass.IN) {
        problems.add(lr.error("class " + DClass.string(r.getDClass()) + " is not served (only IN)"));
        continue;
      }
      if (!r.getName().subdomain(origin)) {
        problems.add(lr.error(r.getName() + " is outside zone " + origin));
        continue;
      }
      List<LocatedRecord> set = byName.computeIfAbsent(r.getName(), n -> new LinkedHashMap<>(4))
          .computeIfAbsent(r.getType(), t -> new ArrayList<>(2));
      if (dedupe.add(set, lr)) {
        kept.add(lr);
        if (r.getType() == Type.CNAME) {
          cnameOwners.add(r.getName());
        }
      }
    }
    // File order of the records at each CNAME owner, for the exclusivity check only.
    Map<Name, List<LocatedRecord>> inOrder = new HashMap<>();
    if (!cnameOwners.isEmpty()) {
      for (LocatedRecord lr : kept) {
        if (cnameOwners.contains(lr.record().getName())) {
          inOrder.computeIfAbsent(lr.record().getName(), n -> new ArrayList<>()).add(lr);
        }
      }
    }

    apex(byName, origin, file, problems);
    Set<Name> cuts = new HashSet<>();
    Set<Name> dnames = new HashSet<>();
    for (Map.Entry<Name, Map<Integer, List<LocatedRecord>>> e : byName.entrySet()) {
      if (!e.getKey().equals(origin) && e.getValue().containsKey(Type.NS)) {
        cuts.add(e.getKey());
      }
      if (e.getValue().containsKey(Type.DNAME)) {
        dnames.add(e.getKey());
      }
    }
    for (Map.Entry<Name, Map<Integer, List<LocatedRecord>>> e : byName.entrySet()) {
      Name name = e.getKey();
      Map<Integer, List<LocatedRecord>> types = e.getValue();
      aliases(name, types, inOrder.get(name), problems);
      Name dname = strictAncestorIn(name, origin, dnames);
      Name cut = strictAncestorIn(name, origin, cuts);
      for (List<LocatedRecord> set : types.values()) {
        for (LocatedRecord lr : set) {
          int type = lr.record().getType();
          if (dname != null) {
            problems.add(lr.error(name + " is below DNAME at " + dname + " and can never be served (RFC 6672 §2.4)"));
          } else if (cut != null && !isAddress(type)) {
            problems.add(lr.error(Type.string(type) + " at " + name + " is below the delegation to " + cut
                + "; only A/AAAA glue may be there"));
          } else if (cut == null && cuts.contains(name) && !allowedAtCut(type)) {
            problems.add(lr.error(Type.string(type) + " at delegation point " + name
                + " is occluded by the NS records; only NS, DS and glue belong there"));
          }
        }
      }
      ttls(types, problems);
    }
    nsTargets(byName, origin, cuts, problems);
    // Signed zones: signatures and chains, all warnings (Tandem serves, it does not re-sign).
    problems.addAll(DnssecChecks.check(all, origin, file));
    return problems;
  }

  private static void apex(Map<Name, Map<Integer, List<LocatedRecord>>> byName, Name origin, String file,
      List<ZoneProblem> problems) {
    boolean apexSoa = false;
    for (Map.Entry<Name, Map<Integer, List<LocatedRecord>>> e : byName.entrySet()) {
      List<LocatedRecord> soas = e.getValue().get(Type.SOA);
      if (soas == null) {
        continue;
      }
      if (!e.getKey().equals(origin)) {
        for (LocatedRecord lr : soas) {
          problems.add(lr.error("SOA at " + e.getKey() + " is not at the zone apex " + origin));
        }
        continue;
      }
      apexSoa = true;
      for (LocatedRecord extra : soas.subList(1, soas.size())) {
        problems.add(extra.error("more than one SOA record at the apex (first at line " + soas.get(0).line() + ")"));
      }
    }
    if (!apexSoa) {
      problems.add(new ZoneProblem(file, 0, "no SOA record at the zone apex " + origin, true));
    }
    Map<Integer, List<LocatedRecord>> apex = byName.get(origin);
    if (apex == null || !apex.containsKey(Type.NS)) {
      problems.add(new ZoneProblem(file, 0, "no NS records at the zone apex " + origin, true));
    }
  }

  /**
   * CNAME and DNAME singletons, and CNAME exclusivity: reported once per name, at the record
   * (in file order) that completed the conflict, as BIND does.
   */
  private static void aliases(Name name, Map<Integer, List<LocatedRecord>> types, List<LocatedRecord> inOrder,
      List<ZoneProblem> problems) {
    singleton(name, Type.DNAME, types, problems);
    if (!types.containsKey(Type.CNAME)) {
      return;
    }
    singleton(name, Type.CNAME, types, problems);
    LocatedRecord cname = null;
    LocatedRecord other = null;
    for (LocatedRecord lr : inOrder) {
      int type = lr.record().getType();
      if (type == Type.CNAME) {
        cname = cname == null ? lr : cname;
      } else if (type != Type.RRSIG && type != Type.NSEC) {
        other = other == null ? lr : other;
      }
      if (cname != null && other != null) {
        int otherType = other.record().getType();
        String rfc = otherType == Type.DNAME ? "RFC 6672 §2.4" : "RFC 1034 §3.6.2";
        problems.add(lr.error("CNAME and other data at " + name + ": " + Type.string(otherType) + " (line "
            + other.line() + ") beside CNAME (line " + cname.line() + "); a CNAME must be the only data at its name ("
            + rfc + ")"));
        return;
      }
    }
  }

  private static void singleton(Name name, int type, Map<Integer, List<LocatedRecord>> types,
      List<ZoneProblem> problems) {
    List<LocatedRecord> set = types.get(type);
    if (set != null && set.size() > 1) {
      for (LocatedRecord extra : set.subList(1, set.size())) {
        problems.add(extra.error("more than one " + Type.string(type) + " at " + name + " (first at line "
            + set.get(0).line() + ")"));
      }
    }
  }

  /** RFC 2181 §5.2: all records of an RRset share one TTL. Signatures differ legitimately. */
  private static void ttls(Map<Integer, List<LocatedRecord>> types, List<ZoneProblem> problems) {
    for (Map.Entry<Integer, List<LocatedRecord>> t : types.entrySet()) {
      if (t.getKey() == Type.RRSIG) {
        continue;
      }
      long first = t.getValue().get(0).record().getTTL();
      for (LocatedRecord lr : t.getValue()) {
        if (lr.record().getTTL() != first) {
          problems.add(lr.warning("TTL " + lr.record().getTTL() + " differs from TTL " + first + " of the "
              + Type.string(t.getKey()) + " RRset at " + lr.record().getName() + " (RFC 2181 §5.2); "
              + "the lowest is served"));
        }
      }
    }
  }

  private static void nsTargets(Map<Name, Map<Integer, List<LocatedRecord>>> byName, Name origin, Set<Name> cuts,
      List<ZoneProblem> problems) {
    Map<Name, Boolean> hasAddress = new HashMap<>();
    for (Map<Integer, List<LocatedRecord>> types : byName.values()) {
      List<LocatedRecord> ns = types.get(Type.NS);
      if (ns == null) {
        continue;
      }
      for (LocatedRecord lr : ns) {
        Name target = ((NSRecord) lr.record()).getTarget();
        if (!target.subdomain(origin)) {
          continue;
        }
        boolean found = hasAddress.computeIfAbsent(target, n -> {
          Map<Integer, List<LocatedRecord>> at = byName.get(n);
          return at != null && (at.containsKey(Type.A) || at.containsKey(Type.AAAA));
        });
        if (!found) {
          String where = strictAncestorIn(target, origin, cuts) != null || cuts.contains(target)
              ? " (glue is needed: it is below a delegation)" : "";
          problems.add(lr.warning("NS target " + target + " is in the zone but has no A or AAAA record" + where));
        }
      }
    }
  }

  private static boolean isAddress(int type) {
    return type == Type.A || type == Type.AAAA;
  }

  private static boolean allowedAtCut(int type) {
    return type == Type.NS || type == Type.DS || isAddress(type) || type == Type.NSEC || type == Type.RRSIG;
  }

  /** The highest name of {@code set} strictly between origin-inclusive and {@code name}. */
  private static Name strictAncestorIn(Name name, Name origin, Set<Name> set) {
    if (set.isEmpty()) {
      return null;
    }
    Name found = null;
    for (int strip = 1; name.labels() - strip >= origin.labels(); strip++) {
      Name up = new Name(name, strip);
      if (set.contains(up)) {
        found = up;
      }
    }
    return found;
  }
}
