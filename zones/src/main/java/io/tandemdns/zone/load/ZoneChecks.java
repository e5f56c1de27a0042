package io.tandemdns.zone.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.tandemdns.zone.OwnerTable;
import io.tandemdns.zone.ZoneBuilder;
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

  // One owner's records come from ZoneBuilder.owners(): deduplicated, in file order. These
  // per-type views are built on demand, types in order of first appearance, so problems come out
  // in file order.

  private static boolean has(List<Record> records, int type) {
    for (Record r : records) {
      if (r.getType() == type) {
        return true;
      }
    }
    return false;
  }

  /** The records of {@code type} in file order; empty if none. */
  private static List<Record> of(List<Record> records, int type) {
    List<Record> set = new ArrayList<>(2);
    for (Record r : records) {
      if (r.getType() == type) {
        set.add(r);
      }
    }
    return set;
  }

  /** The RRsets (RRSIGs as one set), types in order of first appearance. */
  private static List<List<Record>> sets(List<Record> records) {
    if (records.size() == 1) {
      return List.of(records);
    }
    List<List<Record>> sets = new ArrayList<>(2);
    for (Record r : records) {
      List<Record> set = null;
      for (List<Record> s : sets) {
        if (s.get(0).getType() == r.getType()) {
          set = s;
          break;
        }
      }
      if (set == null) {
        set = new ArrayList<>(2);
        sets.add(set);
      }
      set.add(r);
    }
    return sets;
  }

  /**
   * Where each record was written, looked up only to report a problem: an identity map over the
   * parsed records, built on the first problem (a clean zone never builds it).
   */
  private static final class Lines {
    private final List<LocatedRecord> all;
    private Map<Record, LocatedRecord> byRecord;

    Lines(List<LocatedRecord> all) {
      this.all = all;
    }

    LocatedRecord of(Record r) {
      if (byRecord == null) {
        byRecord = new IdentityHashMap<>(all.size());
        for (LocatedRecord lr : all) {
          byRecord.putIfAbsent(lr.record(), lr);
        }
      }
      return byRecord.get(r);
    }

    int line(Record r) {
      return of(r).line();
    }
  }

  /**
   * Checks records parsed for {@code origin}, adding each servable one (class IN, inside the zone)
   * to {@code builder}: the checks read the builder's grouping by owner rather than build a second
   * one (issue 5: on a 1M-record zone the second grouping was a third of the checking time and
   * ~60 MB of the load's peak). {@code file} names zone-wide problems.
   */
  public static List<ZoneProblem> check(List<LocatedRecord> all, Name origin, String file, ZoneBuilder builder) {
    List<ZoneProblem> problems = addServable(all, origin, builder);
    problems.addAll(checkOwners(all, origin, file, builder));
    return problems;
  }

  /**
   * The first half of {@link #check}: adds each servable record to {@code builder} and reports
   * the rest (wrong class, outside the zone). The builder is complete after this, so its
   * {@link ZoneBuilder#build} may run while {@link #checkOwners} reads the same grouping.
   */
  static List<ZoneProblem> addServable(List<LocatedRecord> all, Name origin, ZoneBuilder builder) {
    List<ZoneProblem> problems = new ArrayList<>();
    Name lastName = null;
    for (LocatedRecord lr : all) {
      Record r = lr.record();
      if (r.getDClass() != DClass.IN) {
        problems.add(lr.error("class " + DClass.string(r.getDClass()) + " is not served (only IN)"));
        continue;
      }
      if (r.getName() != lastName) {
        // Records of one name come in runs, sharing one Name object (MasterFileParser): a run
        // needs one subdomain test.
        if (!r.getName().subdomain(origin)) {
          problems.add(lr.error(r.getName() + " is outside zone " + origin));
          continue;
        }
        lastName = r.getName();
      }
      // Identical records collapse in the builder (RFC 2181 §5; equals ignores TTL); the first
      // is kept, so its line is the one reported.
      builder.add(r);
    }
    return problems;
  }

  /**
   * The second half of {@link #check}: every rule over the builder's grouping by owner. Only
   * reads the builder (and the records, which are immutable).
   */
  static List<ZoneProblem> checkOwners(List<LocatedRecord> all, Name origin, String file, ZoneBuilder builder) {
    List<ZoneProblem> problems = new ArrayList<>();
    Lines lines = new Lines(all);
    OwnerTable byName = builder.owners();
    apex(byName, origin, file, lines, problems);
    Set<Name> cuts = new HashSet<>();
    Set<Name> dnames = new HashSet<>();
    for (int k = 0; k < byName.size(); k++) {
      List<Record> records = byName.recordsAt(k);
      if (has(records, Type.NS) && !byName.nameAt(k).equals(origin)) {
        cuts.add(byName.nameAt(k));
      }
      if (has(records, Type.DNAME)) {
        dnames.add(byName.nameAt(k));
      }
    }
    for (int k = 0; k < byName.size(); k++) {
      Name name = byName.nameAt(k);
      List<Record> records = byName.recordsAt(k);
      List<List<Record>> sets = sets(records);
      aliases(name, records, lines, problems);
      Name dname = strictAncestorIn(name, origin, dnames);
      Name cut = strictAncestorIn(name, origin, cuts);
      for (List<Record> set : sets) {
        for (Record r : set) {
          int type = r.getType();
          if (dname != null) {
            problems.add(lines.of(r).error(name + " is below DNAME at " + dname
                + " and can never be served (RFC 6672 §2.4)"));
          } else if (cut != null && !isAddress(type)) {
            problems.add(lines.of(r).error(Type.string(type) + " at " + name + " is below the delegation to " + cut
                + "; only A/AAAA glue may be there"));
          } else if (cut == null && cuts.contains(name) && !allowedAtCut(type)) {
            problems.add(lines.of(r).error(Type.string(type) + " at delegation point " + name
                + " is occluded by the NS records; only NS, DS and glue belong there"));
          }
        }
      }
      ttls(sets, lines, problems);
    }
    nsTargets(byName, origin, cuts, lines, problems);
    // Signed zones: signatures and chains, all warnings (Tandem serves, it does not re-sign).
    problems.addAll(DnssecChecks.check(all, origin, file));
    return problems;
  }

  private static void apex(OwnerTable byName, Name origin, String file, Lines lines,
      List<ZoneProblem> problems) {
    boolean apexSoa = false;
    for (int k = 0; k < byName.size(); k++) {
      List<Record> records = byName.recordsAt(k);
      if (!has(records, Type.SOA)) {
        continue;
      }
      List<Record> soas = of(records, Type.SOA);
      Name owner = byName.nameAt(k);
      if (!owner.equals(origin)) {
        for (Record r : soas) {
          problems.add(lines.of(r).error("SOA at " + owner + " is not at the zone apex " + origin));
        }
        continue;
      }
      apexSoa = true;
      for (Record extra : soas.subList(1, soas.size())) {
        problems.add(lines.of(extra).error("more than one SOA record at the apex (first at line "
            + lines.line(soas.get(0)) + ")"));
      }
    }
    if (!apexSoa) {
      problems.add(new ZoneProblem(file, 0, "no SOA record at the zone apex " + origin, true));
    }
    List<Record> apex = byName.get(origin);
    if (apex == null || !has(apex, Type.NS)) {
      problems.add(new ZoneProblem(file, 0, "no NS records at the zone apex " + origin, true));
    }
  }

  /**
   * CNAME and DNAME singletons, and CNAME exclusivity: reported once per name, at the record
   * (in file order) that completed the conflict, as BIND does.
   */
  private static void aliases(Name name, List<Record> owner, Lines lines, List<ZoneProblem> problems) {
    singleton(name, Type.DNAME, owner, lines, problems);
    if (!has(owner, Type.CNAME)) {
      return;
    }
    singleton(name, Type.CNAME, owner, lines, problems);
    Record cname = null;
    Record other = null;
    for (Record r : owner) {
      int type = r.getType();
      if (type == Type.CNAME) {
        cname = cname == null ? r : cname;
      } else if (type != Type.RRSIG && type != Type.NSEC) {
        other = other == null ? r : other;
      }
      if (cname != null && other != null) {
        int otherType = other.getType();
        String rfc = otherType == Type.DNAME ? "RFC 6672 §2.4" : "RFC 1034 §3.6.2";
        problems.add(lines.of(r).error("CNAME and other data at " + name + ": " + Type.string(otherType) + " (line "
            + lines.line(other) + ") beside CNAME (line " + lines.line(cname)
            + "); a CNAME must be the only data at its name (" + rfc + ")"));
        return;
      }
    }
  }

  private static void singleton(Name name, int type, List<Record> owner, Lines lines, List<ZoneProblem> problems) {
    if (!has(owner, type)) {
      return;
    }
    List<Record> set = of(owner, type);
    if (set.size() > 1) {
      for (Record extra : set.subList(1, set.size())) {
        problems.add(lines.of(extra).error("more than one " + Type.string(type) + " at " + name
            + " (first at line " + lines.line(set.get(0)) + ")"));
      }
    }
  }

  /** RFC 2181 §5.2: all records of an RRset share one TTL. Signatures differ legitimately. */
  private static void ttls(List<List<Record>> sets, Lines lines, List<ZoneProblem> problems) {
    for (List<Record> set : sets) {
      int type = set.get(0).getType();
      if (type == Type.RRSIG || set.size() == 1) {
        continue;
      }
      long first = set.get(0).getTTL();
      for (Record r : set) {
        if (r.getTTL() != first) {
          problems.add(lines.of(r).warning("TTL " + r.getTTL() + " differs from TTL " + first + " of the "
              + Type.string(type) + " RRset at " + r.getName() + " (RFC 2181 §5.2); "
              + "the lowest is served"));
        }
      }
    }
  }

  private static void nsTargets(OwnerTable byName, Name origin, Set<Name> cuts, Lines lines,
      List<ZoneProblem> problems) {
    Map<Name, Boolean> hasAddress = new HashMap<>();
    for (int k = 0; k < byName.size(); k++) {
      List<Record> records = byName.recordsAt(k);
      if (!has(records, Type.NS)) {
        continue;
      }
      for (Record r : of(records, Type.NS)) {
        Name target = ((NSRecord) r).getTarget();
        if (!target.subdomain(origin)) {
          continue;
        }
        boolean found = hasAddress.computeIfAbsent(target, n -> {
          List<Record> at = byName.get(n);
          return at != null && (has(at, Type.A) || has(at, Type.AAAA));
        });
        if (!found) {
          String where = strictAncestorIn(target, origin, cuts) != null || cuts.contains(target)
              ? " (glue is needed: it is below a delegation)" : "";
          problems.add(lines.of(r).warning("NS target " + target + " is in the zone but has no A or AAAA record" + where));
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
