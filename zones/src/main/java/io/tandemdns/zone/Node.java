package io.tandemdns.zone;

import java.util.Collection;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * One owner name in a zone snapshot with its RRsets and the structural flags the lookup needs.
 *
 * <p>Flags are computed once by {@link ZoneBuilder#build()} so that no query walks ancestors
 * (Knot DNS does the same with its node flags).
 */
public final class Node {
  private final Name name;
  private final Map<Integer, RecordSet> sets;
  private final boolean apex;
  private final boolean delegation;
  private Node wildcardChild;
  private Node cut;

  Node(Name name, Map<Integer, RecordSet> sets, boolean apex) {
    this.name = name;
    this.sets = Map.copyOf(sets);
    this.apex = apex;
    this.delegation = !apex && sets.containsKey(Type.NS);
  }

  /** Set once at build time; see {@link #wildcardChild()}. */
  void setWildcardChild(Node wildcard) {
    this.wildcardChild = wildcard;
  }

  /** Set once at build time; see {@link #cut()}. */
  void setCut(Node cut) {
    this.cut = cut;
  }

  public Name name() {
    return name;
  }

  /** The RRset of this type, or null. RRSIG-only sets are stored under {@link Type#RRSIG}. */
  public RecordSet get(int type) {
    return sets.get(type);
  }

  public Collection<RecordSet> sets() {
    return sets.values();
  }

  public boolean isApex() {
    return apex;
  }

  /** A zone cut: NS at a name other than the apex (RFC 1034 §4.2.1). */
  public boolean isDelegation() {
    return delegation;
  }

  /** Owns a DNAME, which redirects every name below it (RFC 6672 §2.3). */
  public boolean hasDname() {
    return sets.containsKey(Type.DNAME);
  }

  /** An empty non-terminal: exists only because names below it do (RFC 4592 §2.2.2). */
  public boolean isEmptyNonTerminal() {
    return sets.isEmpty();
  }

  /**
   * The node {@code *.<this name>}, the source of synthesis for names below this one that do not
   * exist (RFC 4592 §2.2.1), or null.
   */
  public Node wildcardChild() {
    return wildcardChild;
  }

  /**
   * The topmost node on the path from the apex down to this node (inclusive) that stops a
   * lookup from descending: a delegation or a DNAME owner. Null when the path is clear. A
   * node below a cut is not authoritative (glue or occluded data).
   */
  public Node cut() {
    return cut;
  }

  /** True for data below a delegation or DNAME: glue, never answered authoritatively. */
  public boolean isOccluded() {
    return cut != null && cut != this;
  }

  @Override
  public String toString() {
    return name + " " + sets.keySet();
  }
}
