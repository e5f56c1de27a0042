package io.tandemdns.zone;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
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
  /**
   * The RRsets, one per type, in a plain array scanned by type: a node holds a handful, and an
   * array costs one object per node where a map costs several plus a boxed key per lookup.
   */
  private final RecordSet[] sets;
  private final boolean apex;
  private final boolean delegation;
  private Node wildcardChild;
  private Node cut;

  /** @param sets at most one RRset per type; owned by the node from now on */
  Node(Name name, RecordSet[] sets, boolean apex) {
    this.name = name;
    this.sets = sets;
    this.apex = apex;
    this.delegation = !apex && get(Type.NS) != null;
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
    for (RecordSet set : sets) {
      if (set.type() == type) {
        return set;
      }
    }
    return null;
  }

  public Collection<RecordSet> sets() {
    return Collections.unmodifiableList(Arrays.asList(sets));
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
    return get(Type.DNAME) != null;
  }

  /** An empty non-terminal: exists only because names below it do (RFC 4592 §2.2.2). */
  public boolean isEmptyNonTerminal() {
    return sets.length == 0;
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
    return name + " " + Arrays.stream(sets).map(s -> Type.string(s.type())).toList();
  }
}
