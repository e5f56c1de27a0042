package io.tandemdns.sync.catalog;

import io.tandemdns.zone.Node;
import io.tandemdns.zone.RecordSet;
import io.tandemdns.zone.Zone;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * What one version of a catalog zone says (RFC 9432 §4): its member zones, each with its unique
 * label and the properties Tandem understands. Parsing never throws for a bad member: that
 * member is skipped and described in {@link #problems()}; only a version the consumer must not
 * process at all raises {@link CatalogException}.
 *
 * @param members member zone → its entry, in canonical order of the unique labels
 * @param problems one line per ignored record or member, for the log
 */
public record CatalogContent(Name origin, long serial, Map<Name, Member> members, List<String> problems) {
  /** The schema version Tandem implements (RFC 9432 §4.2). */
  public static final String VERSION = "2";

  /**
   * One member zone.
   *
   * @param unique its unique label (the label under {@code zones.}; §4.3)
   * @param group the group property or null (§4.4.2; several values: the first)
   * @param coo the change-of-ownership target catalog or null (§4.4.1)
   */
  public record Member(Name zone, String unique, String group, Name coo) {}

  public CatalogContent {
    members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    problems = List.copyOf(problems);
  }

  /** The member entry of {@code zone}, or null. */
  public Member member(Name zone) {
    return members.get(zone);
  }

  public static CatalogContent parse(Zone zone) throws CatalogException {
    Name origin = zone.origin();
    checkVersion(zone, origin);
    Name zonesNode = child(origin, "zones");
    List<String> problems = new ArrayList<>();
    // Pass 1: member PTRs at <unique>.zones.<catalog> (§4.3).
    Map<String, Name> byUnique = new java.util.TreeMap<>();
    Map<Name, List<String>> uniquesOf = new HashMap<>();
    for (Record r : zone.records()) {
      Name owner = r.getName();
      if (!owner.subdomain(zonesNode) || owner.equals(zonesNode)) {
        continue;
      }
      int depth = owner.labels() - zonesNode.labels();
      if (depth == 1 && r.getType() == Type.PTR) {
        String unique = owner.getLabelString(0).toLowerCase(java.util.Locale.ROOT);
        RecordSet set = zone.node(owner).get(Type.PTR);
        if (set.records().size() != 1) {
          // §4.3: exactly one PTR per member node; which one is meant is unknowable.
          if (!problems.contains(dup(owner))) {
            problems.add(dup(owner));
          }
          continue;
        }
        Name member = ((PTRRecord) r).getTarget().canonicalize();
        byUnique.put(unique, member);
        uniquesOf.computeIfAbsent(member, m -> new ArrayList<>()).add(unique);
      }
    }
    Map<Name, Member> members = new LinkedHashMap<>();
    for (Map.Entry<String, Name> e : byUnique.entrySet()) {
      Name member = e.getValue();
      List<String> uniques = uniquesOf.get(member);
      if (uniques.size() > 1) {
        // The same zone under two unique labels: no way to tell which entry owns its state.
        if (uniques.get(0).equals(e.getKey())) {
          problems.add("member " + member + " is listed under several unique labels " + uniques + "; ignored");
        }
        continue;
      }
      if (member.equals(origin)) {
        problems.add("member " + member + " is the catalog itself; ignored");
        continue;
      }
      Name memberNode = child(zonesNode, e.getKey());
      members.put(member, new Member(member, e.getKey(), group(zone, memberNode), coo(zone, memberNode, problems)));
    }
    return new CatalogContent(origin, zone.serial(), members, problems);
  }

  /** §4.2: {@code version.<catalog> TXT "2"}, exactly one; otherwise the zone is not processed. */
  private static void checkVersion(Zone zone, Name origin) throws CatalogException {
    Node node = zone.node(child(origin, "version"));
    RecordSet txt = node == null ? null : node.get(Type.TXT);
    if (txt == null) {
      throw new CatalogException("catalog " + origin + " serial " + zone.serial()
          + " has no version property (version." + origin + " TXT \"2\"); not processed (RFC 9432 §4.2)");
    }
    if (txt.records().size() != 1) {
      throw new CatalogException("catalog " + origin + " serial " + zone.serial()
          + " has several version properties; not processed (RFC 9432 §4.2)");
    }
    List<?> strings = ((TXTRecord) txt.records().get(0)).getStrings();
    String version = strings.size() == 1 ? strings.get(0).toString() : String.valueOf(strings);
    if (!VERSION.equals(version)) {
      throw new CatalogException("catalog " + origin + " serial " + zone.serial() + " has schema version \""
          + version + "\"; only \"" + VERSION + "\" is supported, not processed (RFC 9432 §4.2)");
    }
  }

  private static String group(Zone zone, Name memberNode) {
    Node node = zone.node(child(memberNode, "group"));
    RecordSet txt = node == null ? null : node.get(Type.TXT);
    if (txt == null || txt.records().isEmpty()) {
      return null;
    }
    List<?> strings = ((TXTRecord) txt.records().get(0)).getStrings();
    return strings.isEmpty() ? null : strings.get(0).toString();
  }

  private static Name coo(Zone zone, Name memberNode, List<String> problems) {
    Node node = zone.node(child(memberNode, "coo"));
    RecordSet ptr = node == null ? null : node.get(Type.PTR);
    if (ptr == null) {
      return null;
    }
    if (ptr.records().size() != 1) {
      // §4.4.1: a single PTR; several are ignored, the member stays where it is.
      problems.add("coo property at " + node.name() + " has " + ptr.records().size() + " PTRs; ignored");
      return null;
    }
    return ((PTRRecord) ptr.records().get(0)).getTarget().canonicalize();
  }

  private static String dup(Name owner) {
    return "member node " + owner + " has more than one PTR; ignored (RFC 9432 §4.3)";
  }

  static Name child(Name parent, String label) {
    try {
      return Name.concatenate(Name.fromString(label), parent);
    } catch (org.xbill.DNS.TextParseException | org.xbill.DNS.NameTooLongException e) {
      throw new IllegalArgumentException(label + "." + parent + " is not a valid name", e);
    }
  }
}
