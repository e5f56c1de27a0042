package io.tandemdns.sync.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Which catalog owns which member zone on a consumer: a pure function from the previous
 * ownership and the catalogs' current contents to the next ownership, so the rules (RFC 9432
 * §5) are in one place and testable without a server.
 *
 * <p>Rules, in order: a member stays with its catalog while that catalog lists it (a new unique
 * label there is a reset, §5.4); a catalog without a usable version keeps its members as they
 * are; a zone the static configuration serves is never taken; a member outside the catalog's
 * suffix allow-list or beyond its member limit is refused (§7); a member another catalog owns
 * moves only when the owner's entry carries {@code coo} pointing at the claiming catalog (§5.6),
 * and is reset when its unique label differs there; anything else claimed by a second catalog
 * is refused. A claim refused that way is not remembered: once the owner drops the member, the
 * other catalog's entry is simply a member there, so the result depends on the catalogs'
 * contents and not on the order their versions arrived in. A member that comes back (within its
 * removal grace) as a different instance, another catalog or unique label, is reset.
 */
public final class Membership {
  private Membership() {}

  /** A member's owner: the catalog, the member's unique label there, its group property. */
  public record Owner(Name catalog, String unique, String group) {}

  /** A consumer catalog's limits (RFC 9432 §7). Empty {@code suffixes}: any name is allowed. */
  public record Policy(int maxMembers, List<Name> suffixes) {
    public Policy {
      suffixes = List.copyOf(suffixes);
    }

    boolean allows(Name member) {
      return suffixes.isEmpty() || suffixes.stream().anyMatch(member::subdomain);
    }
  }

  /**
   * @param owners the next ownership, previous owners first, then new members in catalog order
   * @param reset members whose served state must be dropped and transferred anew
   * @param refused one line per member not taken, for the log
   */
  public record Outcome(Map<Name, Owner> owners, Set<Name> reset, List<String> refused) {}

  /**
   * @param previous ownership before this change (from the state file or the last run)
   * @param former owners of members removed earlier whose state is still kept (grace period)
   * @param policies every configured consumer catalog, in configuration order, with its limits
   * @param contents the usable current version of each catalog; a catalog missing here (not
   *     transferred yet, or its version refused) keeps what it owns
   * @param staticZones zones the configuration serves itself
   */
  public static Outcome reconcile(Map<Name, Owner> previous, Map<Name, Owner> former,
      Map<Name, Policy> policies, Map<Name, CatalogContent> contents, Collection<Name> staticZones) {
    Map<Name, Owner> owners = new LinkedHashMap<>();
    Set<Name> reset = new LinkedHashSet<>();
    List<String> refused = new ArrayList<>();
    Map<Name, Integer> counts = new HashMap<>();
    for (Map.Entry<Name, Owner> e : previous.entrySet()) {
      Name member = e.getKey();
      Owner was = e.getValue();
      Policy policy = policies.get(was.catalog());
      if (policy == null) {
        continue; // its catalog is no longer configured as a consumer: the member goes too
      }
      CatalogContent content = contents.get(was.catalog());
      Owner now = was;
      if (content != null) {
        CatalogContent.Member entry = content.member(member);
        if (entry == null) {
          continue; // removed from its catalog
        }
        now = new Owner(was.catalog(), entry.unique(), entry.group());
        if (!entry.unique().equals(was.unique())) {
          reset.add(member); // §5.4: a new unique label means a new zone instance
        }
      }
      String why = refusal(member, was.catalog(), policy, counts, staticZones);
      if (why != null) {
        refused.add(why);
        reset.remove(member);
        continue;
      }
      owners.put(member, now);
      counts.merge(was.catalog(), 1, Integer::sum);
    }
    for (Map.Entry<Name, Policy> p : policies.entrySet()) {
      Name catalog = p.getKey();
      CatalogContent content = contents.get(catalog);
      if (content == null) {
        continue;
      }
      for (CatalogContent.Member entry : content.members().values()) {
        Name member = entry.zone();
        Owner current = owners.get(member);
        if (current != null && current.catalog().equals(catalog)) {
          continue;
        }
        if (current != null && !migrates(member, current, catalog, contents)) {
          refused.add("member " + member + " of catalog " + catalog + " is already served from catalog "
              + current.catalog() + " (no coo property there pointing here, RFC 9432 §5.6); not taken over");
          continue;
        }
        String why = refusal(member, catalog, p.getValue(), counts, staticZones);
        if (why != null) {
          refused.add(why);
          continue;
        }
        if (current != null) {
          counts.merge(current.catalog(), -1, Integer::sum);
          if (!entry.unique().equals(current.unique())) {
            reset.add(member);
          }
        } else {
          Owner before = previous.containsKey(member) ? previous.get(member) : former.get(member);
          if (before != null && !(before.catalog().equals(catalog) && before.unique().equals(entry.unique()))) {
            reset.add(member); // another instance of the zone than the state we hold (§5.4)
          }
        }
        owners.put(member, new Owner(catalog, entry.unique(), entry.group()));
        counts.merge(catalog, 1, Integer::sum);
      }
    }
    return new Outcome(owners, reset, refused);
  }

  /** §5.6: the current owner's entry for the member has {@code coo} naming the claiming catalog. */
  private static boolean migrates(Name member, Owner current, Name claimant, Map<Name, CatalogContent> contents) {
    CatalogContent owner = contents.get(current.catalog());
    CatalogContent.Member entry = owner == null ? null : owner.member(member);
    return entry != null && claimant.equals(entry.coo());
  }

  private static String refusal(Name member, Name catalog, Policy policy, Map<Name, Integer> counts,
      Collection<Name> staticZones) {
    if (staticZones.contains(member)) {
      return "member " + member + " of catalog " + catalog
          + " is a zone of the static configuration; not taken over (RFC 9432 §7)";
    }
    if (!policy.allows(member)) {
      return "member " + member + " of catalog " + catalog + " is outside catalog-member-suffixes "
          + policy.suffixes() + "; refused (RFC 9432 §7)";
    }
    if (counts.getOrDefault(catalog, 0) >= policy.maxMembers()) {
      return "member " + member + " of catalog " + catalog + " exceeds catalog-max-members "
          + policy.maxMembers() + "; refused";
    }
    return null;
  }
}
