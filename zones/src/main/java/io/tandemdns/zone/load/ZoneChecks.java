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

  /**
   * One owner's records, deduplicated, in file order. A list per name rather than a map of types
   * per name: most names own one or two records, and the per-name maps were most of the memory
   * and time of checking a 1M-record zone (issue 5). Per-type views are built on demand, with the
   * types in order of first appearance, so problems come out in the order they always did.
   */
  private static final class Owner {
    final List<LocatedRecord> records = new ArrayList<>(2);

    boolean has(int type) {
      for (LocatedRecord lr : records) {
        if (lr.record().getType() == type) {
          return true;
        }
      }
      return false;
    }

    /** The records of {@code type} in file order; empty if none. */
    List<LocatedRecord> of(int type) {
      List<LocatedRecord> set = new ArrayList<>(2);
      for (LocatedRecord lr : records) {
        if (lr.record().getType() == type) {
          set.add(lr);
        }
      }
      return set;
    }

    /** The RRsets (RRSIGs as one set), types in order of first appearance. */
    List<List<LocatedRecord>> sets() {
      if (records.size() == 1) {
        return List.of(records);
      }
      List<List<LocatedRecord>> sets = new ArrayList<>(2);
      for (LocatedRecord lr : records) {
        int type = lr.record().getType();
        List<LocatedRecord> set = null;
        for (List<LocatedRecord> s : sets) {
          if (s.get(0).record().getType() == type) {
            set = s;
            break;
          }
        }
        if (set == null) {
          set = new ArrayList<>(2);
          sets.add(set);
        }
        set.add(lr);
      }
      return sets;
    }
  }

  /** Checks records parsed for {@code origin}; {@code file} names zone-wide problems. */
  public static List<ZoneProblem> check(List<LocatedRecord> all, Name origin, String file) {
    List<ZoneProblem> problems = new ArrayList<>();
    // owner -> its records in file order; RRSIGs are grouped under Type.RRSIG.
    Map<Name, Owner> byName = new LinkedHashMap<>();
    // Identical records collapse (RFC 2181 §5; equals ignores TTL, and records of different
    // types are never equal, so one list per owner dedupes per RRset); the first keeps its line.
    RecordDedupe<LocatedRecord> dedupe = new RecordDedupe<>(LocatedRecord::record);
    Name lastName = null;
    Owner last = null;
    for (LocatedRecord lr : all) {
      Record r = lr.record();
      if (r.getDClass() != DClass.IN) {
        problems.add(lr.error("class " + DClass.string(r.getDClass()) + " is not served (only IN)"));
        continue;
      }
      if (r.getName() != lastName) {
        // Records of one name come in runs, sharing one Name object (MasterFileParser): a run
        // needs one subdomain test and one map lookup.
        if (!r.getName().subdomain(origin)) {
          problems.add(lr.error(r.getName() + " is outside zone " + origin));
          continue;
        }
        lastName = r.getName();
        last = byName.computeIfAbsent(lastName, n -> new Owner());
      }
      dedupe.add(last.records, lr);
    }

    apex(byName, origin, file, problems);
    Set<Name> cuts = new HashSet<>();
    Set<Name> dnames = new HashSet<>();
    for (Map.Entry<Name, Owner> e : byName.entrySet()) {
      if (!e.getKey().equals(origin) && e.getValue().has(Type.NS)) {
        cuts.add(e.getKey());
      }
      if (e.getValue().has(Type.DNAME)) {
        dnames.add(e.getKey());
      }
    }
    for (Map.Entry<Name, Owner> e : byName.entrySet()) {
      Name name = e.getKey();
      Owner owner = e.getValue();
      List<List<LocatedRecord>> sets = owner.sets();
      aliases(name, owner, problems);
      Name dname = strictAncestorIn(name, origin, dnames);
      Name cut = strictAncestorIn(name, origin, cuts);
      for (List<LocatedRecord> set : sets) {
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
      ttls(sets, problems);
    }
    nsTargets(byName, origin, cuts, problems);
    // Signed zones: signatures and chains, all warnings (Tandem serves, it does not re-sign).
    problems.addAll(DnssecChecks.check(all, origin, file));
    return problems;
  }

  private static void apex(Map<Name, Owner> byName, Name origin, String file, List<ZoneProblem> problems) {
    boolean apexSoa = false;
    for (Map.Entry<Name, Owner> e : byName.entrySet()) {
      if (!e.getValue().has(Type.SOA)) {
        continue;
      }
      List<LocatedRecord> soas = e.getValue().of(Type.SOA);
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
    Owner apex = byName.get(origin);
    if (apex == null || !apex.has(Type.NS)) {
      problems.add(new ZoneProblem(file, 0, "no NS records at the zone apex " + origin, true));
    }
  }

  /**
   * CNAME and DNAME singletons, and CNAME exclusivity: reported once per name, at the record
   * (in file order) that completed the conflict, as BIND does.
   */
  private static void aliases(Name name, Owner owner, List<ZoneProblem> problems) {
    singleton(name, Type.DNAME, owner, problems);
    if (!owner.has(Type.CNAME)) {
      return;
    }
    singleton(name, Type.CNAME, owner, problems);
    LocatedRecord cname = null;
    LocatedRecord other = null;
    for (LocatedRecord lr : owner.records) {
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

  private static void singleton(Name name, int type, Owner owner, List<ZoneProblem> problems) {
    if (!owner.has(type)) {
      return;
    }
    List<LocatedRecord> set = owner.of(type);
    if (set.size() > 1) {
      for (LocatedRecord extra : set.subList(1, set.size())) {
        problems.add(extra.error("more than one " + Type.string(type) + " at " + name + " (first at line "
            + set.get(0).line() + ")"));
      }
    }
  }

  /** RFC 2181 §5.2: all records of an RRset share one TTL. Signatures differ legitimately. */
  private static void ttls(List<List<LocatedRecord>> sets, List<ZoneProblem> problems) {
    for (List<LocatedRecord> set : sets) {
      int type = set.get(0).record().getType();
      if (type == Type.RRSIG || set.size() == 1) {
        continue;
      }
      long first = set.get(0).record().getTTL();
      for (LocatedRecord lr : set) {
        if (lr.record().getTTL() != first) {
          problems.add(lr.warning("TTL " + lr.record().getTTL() + " differs from TTL " + first + " of the "
              + Type.string(type) + " RRset at " + lr.record().getName() + " (RFC 2181 §5.2); "
              + "the lowest is served"));
        }
      }
    }
  }

  private static void nsTargets(Map<Name, Owner> byName, Name origin, Set<Name> cuts, List<ZoneProblem> problems) {
    Map<Name, Boolean> hasAddress = new HashMap<>();
    for (Owner owner : byName.values()) {
      if (!owner.has(Type.NS)) {
        continue;
      }
      for (LocatedRecord lr : owner.of(Type.NS)) {
        Name target = ((NSRecord) lr.record()).getTarget();
        if (!target.subdomain(origin)) {
          continue;
        }
        boolean found = hasAddress.computeIfAbsent(target, n -> {
          Owner at = byName.get(n);
          return at != null && (at.has(Type.A) || at.has(Type.AAAA));
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
    if (name.labels() == origin.labels() + 1) {
      // A child of the apex (most names): its only candidate is the origin, no Name to build.
      return set.contains(origin) ? origin : null;
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
