package io.tandemdns.zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * Collects records and builds an immutable {@link Zone}, computing every node flag once.
 *
 * <p>The builder checks only what the model cannot live without (one SOA at the apex, records
 * inside the zone, class IN); operator-facing validation is {@code ZoneChecks}.
 */
public final class ZoneBuilder {
  private final Name origin;
  /**
   * owner → every record added at it (signatures and NSEC3 included), deduplicated, in insertion
   * order; owners in order of first appearance. One list per owner, not a map of types: a zone's
   * names own one or two records each, and a map per name was the largest temporary of a
   * 1M-record load (issue 5); an owner with one record has no list at all ({@link OwnerTable}).
   * {@link #build} splits off signatures and NSEC3 and groups by type. The zone-file checks read
   * this grouping too ({@link #owners}) instead of building their own.
   */
  private final OwnerTable data;
  /**
   * Duplicates collapse per owner (RFC 2181 §5) without hashing every record; records of
   * different types are never equal, so one list per owner dedupes per RRset.
   */
  private final RecordDedupe<Record> dedupe = new RecordDedupe<>(r -> r);
  /** The owner of the last {@link #add} and its index in {@code data}. */
  private Name lastName;
  private int lastSlot;

  public ZoneBuilder(Name origin) {
    this(origin, 16);
  }

  /**
   * @param expectedOwners about how many names will be added, or an upper bound such as the
   *     record count (sizes the table once)
   */
  public ZoneBuilder(Name origin, int expectedOwners) {
    if (!origin.isAbsolute()) {
      throw new IllegalArgumentException("zone origin must be absolute: " + origin);
    }
    this.origin = origin;
    this.data = new OwnerTable(expectedOwners);
  }

  public Name origin() {
    return origin;
  }

  /** Adds one record; duplicates collapse (RFC 2181 §5). */
  public ZoneBuilder add(Record record) {
    if (!record.getName().subdomain(origin)) {
      throw new IllegalArgumentException(record.getName() + " is outside zone " + origin);
    }
    if (record.getDClass() != DClass.IN) {
      throw new IllegalArgumentException(record.getName() + ": only class IN is served");
    }
    Name name = record.getName();
    if (name != lastName) {
      // Records of one name usually arrive in a run sharing one Name object (a zone file's
      // consecutive lines, a transfer's RRsets): the run costs one table lookup.
      lastSlot = data.indexOf(name);
      lastName = name;
    }
    Object held = data.value(lastSlot);
    if (held == null) {
      data.setValue(lastSlot, record);
    } else if (held instanceof Record single) {
      if (!single.equals(record)) {
        List<Record> list = new ArrayList<>(2);
        list.add(single);
        list.add(record);
        data.setValue(lastSlot, list);
      }
    } else {
      @SuppressWarnings("unchecked")
      List<Record> list = (List<Record>) held;
      dedupe.add(list, record);
    }
    return this;
  }

  /**
   * Every record added so far by owner, deduplicated, each list in insertion order and the owners
   * in order of first appearance. For checks that run before {@link #build}: they must only
   * read it, and may do so while {@link #build} runs.
   */
  public OwnerTable owners() {
    return data;
  }

  public ZoneBuilder addAll(Iterable<? extends Record> records) {
    for (Record r : records) {
      add(r);
    }
    return this;
  }

  /** Builds the snapshot. Throws IllegalStateException when the apex lacks exactly one SOA. */
  public Zone build() {
    SOARecord soa = null;
    int soas = 0;
    List<Record> apexRecords = data.get(origin);
    for (Record r : apexRecords == null ? List.<Record>of() : apexRecords) {
      if (r.getType() == Type.SOA) {
        soa = (SOARecord) r;
        soas++;
      }
    }
    if (soas != 1) {
      throw new IllegalStateException("zone " + origin + " needs exactly one SOA at the apex");
    }

    NodeIndex nodes = new NodeIndex(data.size());
    List<Record> records = new ArrayList<>(data.size() * 2);
    records.add(soa);
    // NSEC3 records and their RRSIGs, by owner: hashed names are not nodes (RFC 5155 §7.2.8).
    Map<Name, List<Record>> nsec3 = new LinkedHashMap<>();
    List<Name> owners = new ArrayList<>(data.size());
    for (int k = 0; k < data.size(); k++) {
      Name name = data.nameAt(k);
      List<Record> all = data.recordsAt(k);
      Map<Integer, List<RRSIGRecord>> sigsByType = Map.of();
      if (hasDnssecRecords(all)) {
        List<Record> plain = new ArrayList<>(all.size());
        sigsByType = new HashMap<>();
        for (Record r : all) {
          if (r.getType() == Type.NSEC3
              || (r instanceof RRSIGRecord covering && covering.getTypeCovered() == Type.NSEC3)) {
            nsec3.computeIfAbsent(name, n -> new ArrayList<>()).add(r);
          } else if (r instanceof RRSIGRecord sig) {
            sigsByType.computeIfAbsent(sig.getTypeCovered(), t -> new ArrayList<>()).add(sig);
          } else {
            plain.add(r);
          }
        }
        if (plain.isEmpty() && sigsByType.isEmpty()) {
          continue; // an NSEC3 owner only
        }
        all = plain;
      }
      RecordSet[] sets = setsOf(name, all, sigsByType);
      // Signatures are listed once, through the node's RRSIG set.
      for (RecordSet set : sets) {
        for (Record r : set.records()) {
          if (r != soa) {
            records.add(r);
          }
        }
      }
      nodes.put(new Node(name, sets, name.equals(origin)));
      owners.add(name);
    }
    // Every ancestor between a name and the apex (which owns the SOA) exists, as an empty
    // non-terminal if it owns nothing (RFC 4592 §2.2.2), so closest-encloser search is a walk up
    // the qname alone. A walk stops at the first existing node: that node's own walk (a data
    // name) or the walk that created it (an empty non-terminal) covers everything above it.
    for (Name name : owners) {
      for (int strip = 1; name.labels() - strip > origin.labels(); strip++) {
        Name up = new Name(name, strip);
        if (nodes.contains(up)) {
          break;
        }
        nodes.put(new Node(up, NO_SETS, false));
      }
    }

    // Top-down, so a parent's cut is known before its children's.
    Node apex = nodes.get(origin);
    for (Node node : byDepth(nodes)) {
      if (node.isApex()) {
        if (node.hasDname()) {
          node.setCut(node);
        }
        continue;
      }
      // Most names sit right below the apex: no parent Name to build and hash for them.
      Node parent = node.name().labels() == origin.labels() + 1 ? apex : nodes.get(new Name(node.name(), 1));
      if (node.name().isWild()) {
        parent.setWildcardChild(node);
      }
      Node parentCut = parent.cut();
      if (parentCut != null) {
        node.setCut(parentCut);
      } else if (node.isDelegation() || node.hasDname()) {
        node.setCut(node);
      }
    }

    long negTtl = Math.min(soa.getTTL(), soa.getMinimum());
    SOARecord negSoa =
        new SOARecord(
            origin, DClass.IN, negTtl, soa.getHost(), soa.getAdmin(), soa.getSerial(),
            soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
    RecordSet soaSet = nodes.get(origin).get(Type.SOA);
    // RFC 4034 §3: an RRSIG's TTL equals that of the RRset it covers, so the SOA's signatures
    // go out with the negative TTL too (RFC 2308 §3; Knot and BIND do the same).
    List<RRSIGRecord> negSigs = soaSet.signatures().stream().map(sig -> withTtl(sig, negTtl)).toList();
    RecordSet negativeSoa = new RecordSet(origin, Type.SOA, negTtl, List.of(negSoa), negSigs);
    nsec3.values().forEach(records::addAll);
    return new Zone(origin, nodes, List.copyOf(records), soa, negativeSoa, denialChain(nodes, nsec3));
  }

  private static RRSIGRecord withTtl(RRSIGRecord sig, long ttl) {
    return new RRSIGRecord(
        sig.getName(), sig.getDClass(), ttl, sig.getTypeCovered(), sig.getAlgorithm(), sig.getOrigTTL(),
        sig.getExpire(), sig.getTimeSigned(), sig.getFootprint(), sig.getSigner(), sig.getSignature());
  }

  /** NSEC3 when the apex has an NSEC3PARAM (RFC 5155 §4), NSEC when nodes own NSECs, else none. */
  private DenialChain denialChain(NodeIndex nodes, Map<Name, List<Record>> nsec3) {
    RecordSet param = nodes.get(origin).get(Type.NSEC3PARAM);
    if (param != null) {
      NSEC3PARAMRecord p = (NSEC3PARAMRecord) param.records().get(0);
      Map<byte[], RecordSet> byHash = new HashMap<>();
      for (Map.Entry<Name, List<Record>> e : nsec3.entrySet()) {
        List<Record> rrs = new ArrayList<>();
        List<RRSIGRecord> rrsigs = new ArrayList<>();
        for (Record r : e.getValue()) {
          if (r instanceof NSEC3Record n3 && n3.getHashAlgorithm() == p.getHashAlgorithm()
              && n3.getIterations() == p.getIterations() && Arrays.equals(n3.getSalt(), p.getSalt())) {
            rrs.add(r);
          } else if (r instanceof RRSIGRecord sig) {
            rrsigs.add(sig);
          }
        }
        byte[] hash = hashOf(e.getKey());
        if (!rrs.isEmpty() && hash != null) {
          byHash.put(hash, new RecordSet(e.getKey(), Type.NSEC3, rrs.get(0).getTTL(), rrs, rrsigs));
        }
      }
      return new Nsec3Chain(p, byHash);
    }
    Map<Name, RecordSet> nsecs = new HashMap<>();
    nodes.forEach(n -> {
      RecordSet nsec = n.get(Type.NSEC);
      if (nsec != null) {
        nsecs.put(n.name(), nsec);
      }
    });
    return nsecs.isEmpty() ? null : new NsecChain(nsecs);
  }

  private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, false);

  /** The hash in an NSEC3 owner's first label (RFC 5155 §3: base32hex, no padding). */
  private byte[] hashOf(Name owner) {
    if (owner.labels() != origin.labels() + 1) {
      return null;
    }
    return BASE32HEX.fromString(owner.getLabelString(0).toUpperCase(java.util.Locale.ROOT));
  }

  private static final RecordSet[] NO_SETS = new RecordSet[0];

  /** Nodes ordered by label count (a bucket per depth: cheaper than sorting 1M nodes). */
  private static List<Node> byDepth(NodeIndex nodes) {
    List<List<Node>> buckets = new ArrayList<>();
    nodes.forEach(n -> {
      int depth = n.name().labels();
      while (buckets.size() <= depth) {
        buckets.add(new ArrayList<>());
      }
      buckets.get(depth).add(n);
    });
    List<Node> sorted = new ArrayList<>(nodes.size());
    buckets.forEach(sorted::addAll);
    return sorted;
  }

  /** Whether an owner's records include signatures or NSEC3 (which {@link #build} sets apart). */
  private static boolean hasDnssecRecords(List<Record> all) {
    for (Record r : all) {
      if (r.getType() == Type.RRSIG || r.getType() == Type.NSEC3) {
        return true;
      }
    }
    return false;
  }

  /** The RRsets of one owner, from its records without signatures and its signatures by type. */
  private RecordSet[] setsOf(Name name, List<Record> all, Map<Integer, List<RRSIGRecord>> sigsByType) {
    // The types in order of first appearance, as the RRsets are listed (and transferred).
    int[] types = new int[all.size()];
    int typeCount = 0;
    for (Record r : all) {
      int t = r.getType();
      int k = 0;
      while (k < typeCount && types[k] != t) {
        k++;
      }
      if (k == typeCount) {
        types[typeCount++] = t;
      }
    }
    int count = typeCount + (sigsByType.isEmpty() ? 0 : 1);
    if (count == 0) {
      return NO_SETS; // empty non-terminal
    }
    RecordSet[] sets = new RecordSet[count];
    int i = 0;
    for (int k = 0; k < typeCount; k++) {
      int type = types[k];
      List<Record> rrs = typeCount == 1 ? all : new ArrayList<>(all.size());
      long ttl = Long.MAX_VALUE;
      for (Record r : all) {
        if (r.getType() == type) {
          ttl = Math.min(ttl, r.getTTL());
          if (rrs != all) {
            rrs.add(r);
          }
        }
      }
      sets[i++] = new RecordSet(name, type, ttl, rrs, sigsByType.getOrDefault(type, List.of()));
    }
    if (!sigsByType.isEmpty()) {
      // All signatures of the node, for explicit RRSIG queries (RFC 4035 §3.1.5 leaves it open).
      List<RRSIGRecord> allSigs = sigsByType.values().stream().flatMap(List::stream).toList();
      sets[i] = new RecordSet(name, Type.RRSIG, allSigs.get(0).getTTL(), List.copyOf(allSigs), List.of());
    }
    return sets;
  }
}
