package io.tandemdns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** The open-addressing node table: every name found (case-insensitively), misses null, growth. */
class NodeIndexTest {
  static final Name ORIGIN = Name.fromConstantString("large.example.");

  static Node node(String name) {
    return new Node(Name.fromConstantString(name), new RecordSet[0], false);
  }

  @Test
  void findsEveryNameIgnoringCaseAndMissesTheRest() {
    NodeIndex index = new NodeIndex(4); // far too small: it must grow
    for (int i = 0; i < 50_000; i++) {
      index.put(node("host" + i + ".large.example."));
    }
    assertThat(index.size()).isEqualTo(50_000);
    for (int i = 0; i < 50_000; i++) {
      Node n = index.get(Name.fromConstantString("HOST" + i + ".Large.Example."));
      assertThat(n).isNotNull();
      assertThat(n.name()).isEqualTo(Name.fromConstantString("host" + i + ".large.example."));
    }
    for (int i = 50_000; i < 60_000; i++) {
      assertThat(index.get(Name.fromConstantString("host" + i + ".large.example."))).isNull();
    }
    assertThat(index.contains(Name.fromConstantString("large.example."))).isFalse();
  }

  @Test
  void putOfAnExistingNameReplacesItsNode() {
    NodeIndex index = new NodeIndex(16);
    Node first = node("www.large.example.");
    Node second = node("WWW.large.example.");
    index.put(first);
    index.put(second);
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.get(Name.fromConstantString("www.large.example."))).isSameAs(second);
  }

  @Test
  void forEachVisitsEveryNodeOnce() {
    NodeIndex index = new NodeIndex(100);
    for (int i = 0; i < 1000; i++) {
      index.put(node("n" + i + ".large.example."));
    }
    Set<Name> seen = new HashSet<>();
    index.forEach(n -> assertThat(seen.add(n.name())).isTrue());
    assertThat(seen).hasSize(1000);
  }

  @Test
  void sequentialNamesDoNotCluster() {
    // The benchmark zone's names differ in a counter; a hash that mapped such names to nearby
    // slots would make every probe walk a long run.
    NodeIndex index = new NodeIndex(200_000);
    for (int i = 0; i < 200_000; i++) {
      index.put(node("h" + i + ".large.example."));
    }
    assertThat(index.longestRun()).isLessThan(200);
  }
}
