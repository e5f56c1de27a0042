package io.tandemdns.zone;

import java.util.function.Consumer;
import org.xbill.DNS.Name;

/**
 * A zone's nodes by owner name: an open-addressing hash table (linear probing) of the nodes
 * themselves, keyed by {@link Node#name()}, with each slot's hash kept in a parallel int array.
 *
 * <p>Why not a {@code HashMap<Name, Node>}: on the 1M-record benchmark zone the map's lookup was
 * ~11 % of the serving CPU and its 590k entry objects 20 MB of the zone (issue 5). Here a probe
 * reads the hash array (16 slots per cache line) and touches a node only when the hashes match;
 * there is no entry object. Names equal ignoring case (dnsjava's {@code Name.equals}) hash alike.
 *
 * <p>At most 60 % full, so a miss walks about three hash slots, within one or two cache lines
 * (3.3 on the benchmark zone's 590k names, longest run 73).
 *
 * <p>Filled once while a zone is built, then only read, from any thread: the {@link Zone} that
 * holds it is published through a final field or a volatile reference.
 */
final class NodeIndex {
  /** Filled to at most this fraction of the slots before the table doubles. */
  private static final double MAX_LOAD = 0.6;

  private int[] hashes; // 0: empty slot
  private Node[] nodes;
  private int mask;
  private int size;

  /** @param expected about how many nodes will be put (sizes the table once) */
  NodeIndex(int expected) {
    int capacity = Integer.highestOneBit((int) Math.min(1 << 30, Math.max(16, (long) (expected / MAX_LOAD)) * 2 - 1));
    hashes = new int[capacity];
    nodes = new Node[capacity];
    mask = capacity - 1;
  }

  /**
   * dnsjava's cached name hash ({@code h * 9 + byte} over the wire form), mixed (a multiply and a
   * fold of the high half) because the slot is taken from the low bits. Mixing cannot separate
   * names whose 32-bit hashes are equal (~9 % of the benchmark zone's names share one); those
   * cost one extra name comparison. Never 0, which marks an empty slot.
   */
  static int spread(Name name) {
    int h = name.hashCode() * 0x9E3779B9;
    h ^= h >>> 16;
    return h == 0 ? 1 : h;
  }

  Node get(Name name) {
    int h = spread(name);
    int[] hs = hashes;
    int m = mask;
    for (int i = h & m; ; i = (i + 1) & m) {
      int slot = hs[i];
      if (slot == h) {
        Node n = nodes[i];
        if (n.name().equals(name)) {
          return n;
        }
      } else if (slot == 0) {
        return null;
      }
    }
  }

  boolean contains(Name name) {
    return get(name) != null;
  }

  /** Adds {@code node} under its name, replacing a node of the same name. */
  void put(Node node) {
    if (size + 1 > hashes.length * MAX_LOAD) {
      grow();
    }
    int h = spread(node.name());
    for (int i = h & mask; ; i = (i + 1) & mask) {
      if (hashes[i] == 0) {
        hashes[i] = h;
        nodes[i] = node;
        size++;
        return;
      }
      if (hashes[i] == h && nodes[i].name().equals(node.name())) {
        nodes[i] = node;
        return;
      }
    }
  }

  private void grow() {
    int[] oldHashes = hashes;
    Node[] oldNodes = nodes;
    hashes = new int[oldHashes.length * 2];
    nodes = new Node[oldHashes.length * 2];
    mask = hashes.length - 1;
    for (int j = 0; j < oldHashes.length; j++) {
      int h = oldHashes[j];
      if (h != 0) {
        int i = freeSlot(hashes, h);
        hashes[i] = h;
        nodes[i] = oldNodes[j];
      }
    }
  }

  /** The first empty slot from {@code h}'s own, probing linearly (the table has room). */
  static int freeSlot(int[] hashes, int h) {
    int mask = hashes.length - 1;
    int i = h & mask;
    while (hashes[i] != 0) {
      i = (i + 1) & mask;
    }
    return i;
  }

  int size() {
    return size;
  }

  /** Every node, in table order (no particular order). */
  void forEach(Consumer<Node> action) {
    for (Node n : nodes) {
      if (n != null) {
        action.accept(n);
      }
    }
  }

  @Override
  public String toString() {
    return "NodeIndex[" + size + " of " + hashes.length + " slots]";
  }

  /** For tests: the longest run of occupied slots a probe may have to walk. */
  int longestRun() {
    int longest = 0;
    int run = 0;
    // Twice round, so a run that wraps past the end is counted whole.
    for (int k = 0; k < hashes.length * 2; k++) {
      run = hashes[k & mask] != 0 ? run + 1 : 0;
      longest = Math.max(longest, Math.min(run, hashes.length));
    }
    return longest;
  }
}
