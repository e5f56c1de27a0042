package io.tandemdns.zone.load;

import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.utils.base32;

/**
 * Checks of a pre-signed zone (a zone with a DNSKEY RRset at the apex, RFC 4035 §2.1). Tandem
 * serves signed data as it is and never re-signs, so everything here is a <em>warning</em>: the
 * zone is still loaded, and {@code tandem check-zone} shows the operator what validating
 * resolvers will reject. Each problem names the line of the record concerned.
 *
 * <ul>
 *   <li>an authoritative RRset without an RRSIG by a key of the zone (RFC 4035 §2.2: NS and glue
 *       at and below a cut are not authoritative and not signed; DS and NSEC at a cut are);
 *   <li>an RRSIG expired, or not valid yet, relative to now (RFC 4034 §3.1.5);
 *   <li>an RRSIG whose key tag and algorithm match no DNSKEY at the apex (RFC 4034 §3.1.6);
 *   <li>NSEC chain (RFC 4034 §4.1.1, RFC 4035 §2.3): an NSEC whose next name is not the next
 *       owner in canonical order, the last one not looping back to the apex, an authoritative
 *       name without an NSEC, a type bitmap that disagrees with the name's RRsets;
 *   <li>NSEC3 chain (RFC 5155 §7.1): NSEC3PARAM matching no NSEC3, next hashed owners out of
 *       hash order, an authoritative name or empty non-terminal without a matching NSEC3 (except
 *       insecure delegations and empty non-terminals inside an opt-out span, RFC 5155 §6).
 * </ul>
 *
 * Each kind of problem is listed at most {@link #MAX_PER_KIND} times, then counted, so a zone
 * whose signatures all expired gives a readable report.
 */
public final class DnssecChecks {
  static final int MAX_PER_KIND = 20;
  private static final base32 B32HEX = new base32(base32.Alphabet.BASE32HEX, false, false);

  private final Name origin;
  private final String file;
  private final Instant now;
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private final List<ZoneProblem> problems = new ArrayList<>();
  /** owner → type → records (no RRSIG, no NSEC3), in file order. */
  private final Map<Name, Map<Integer, List<LocatedRecord>>> data = new LinkedHashMap<>();
  /** owner → covered type → RRSIGs. */
  private final Map<Name, Map<Integer, List<LocatedRecord>>> sigs = new HashMap<>();
  private final List<LocatedRecord> nsec3s = new ArrayList<>();
  private final Set<Name> cuts = new HashSet<>();
  private final Set<Name> dnames = new HashSet<>();

  private DnssecChecks(Name origin, String file, Instant now) {
    this.origin = origin;
    this.file = file;
    this.now = now;
  }

  /** Warnings for a signed zone; empty for an unsigned one (no apex DNSKEY). */
  public static List<ZoneProblem> check(List<LocatedRecord> all, Name origin, String file) {
    return check(all, origin, file, Instant.now());
  }

  static List<ZoneProblem> check(List<LocatedRecord> all, Name origin, String file, Instant now) {
    DnssecChecks c = new DnssecChecks(origin, file, now);
    c.run(all);
    return c.problems;
  }

  private void run(List<LocatedRecord> all) {
    if (!hasApexDnskey(all)) {
      return; // unsigned: nothing to check, and no need to index a large zone for it
    }
    Set<Record> seen = new HashSet<>();
    for (LocatedRecord lr : all) {
      Record r = lr.record();
      if (r.getDClass() != DClass.IN || !r.getName().subdomain(origin) || !seen.add(r)) {
        continue; // wrong class / out of zone are ZoneChecks errors; duplicates collapse
      }
      if (r instanceof RRSIGRecord sig) {
        sigs.computeIfAbsent(r.getName(), n -> new HashMap<>())
            .computeIfAbsent(sig.getTypeCovered(), t -> new ArrayList<>()).add(lr);
      } else if (r.getType() == Type.NSEC3) {
        nsec3s.add(lr);
      } else {
        data.computeIfAbsent(r.getName(), n -> new LinkedHashMap<>())
            .computeIfAbsent(r.getType(), t -> new ArrayList<>()).add(lr);
      }
    }
    List<DNSKEYRecord> keys = new ArrayList<>();
    data.getOrDefault(origin, Map.of()).getOrDefault(Type.DNSKEY, List.of())
        .forEach(lr -> keys.add((DNSKEYRecord) lr.record()));
    if (keys.isEmpty()) {
      return; // unsigned: nothing to check (stray RRSIGs are served as plain data)
    }
    for (Map.Entry<Name, Map<Integer, List<LocatedRecord>>> e : data.entrySet()) {
      if (!e.getKey().equals(origin) && e.getValue().containsKey(Type.NS)) {
        cuts.add(e.getKey());
      }
      if (e.getValue().containsKey(Type.DNAME)) {
        dnames.add(e.getKey());
      }
    }
    signatures(keys);
    List<LocatedRecord> params = data.get(origin).getOrDefault(Type.NSEC3PARAM, List.of());
    if (!params.isEmpty()) {
      nsec3Chain(params.get(0));
    } else if (data.values().stream().anyMatch(t -> t.containsKey(Type.NSEC))) {
      nsecChain();
    } else {
      warn("no-chain", new ZoneProblem(file, 0, "signed zone " + origin
          + " has neither an NSEC chain nor NSEC3PARAM+NSEC3: negative answers cannot be proven", false));
    }
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() > MAX_PER_KIND) {
        problems.add(new ZoneProblem(file, 0, (e.getValue() - MAX_PER_KIND) + " more warnings like the above ("
            + e.getKey() + ")", false));
      }
    }
  }

  private boolean hasApexDnskey(List<LocatedRecord> all) {
    for (LocatedRecord lr : all) {
      Record r = lr.record();
      if (r.getType() == Type.DNSKEY && r.getDClass() == DClass.IN && r.getName().equals(origin)) {
        return true;
      }
    }
    return false;
  }

  // ---- signatures ----

  private void signatures(List<DNSKEYRecord> keys) {
    for (Map.Entry<Name, Map<Integer, List<LocatedRecord>>> e : data.entrySet()) {
      Name name = e.getKey();
      if (occluded(name)) {
        continue; // glue: not authoritative, not signed (RFC 4035 §2.2)
      }
      for (Map.Entry<Integer, List<LocatedRecord>> t : e.getValue().entrySet()) {
        int type = t.getKey();
        if (cuts.contains(name) && type != Type.DS && type != Type.NSEC) {
          continue; // at a cut only DS and NSEC belong to the parent's signed data
        }
        requireSignature(name, type, t.getValue().get(0), keys);
      }
    }
    Set<Name> nsec3Owners = new HashSet<>();
    for (LocatedRecord lr : nsec3s) {
      if (nsec3Owners.add(lr.record().getName())) {
        requireSignature(lr.record().getName(), Type.NSEC3, lr, keys);
      }
    }
    for (Map<Integer, List<LocatedRecord>> byType : sigs.values()) {
      for (List<LocatedRecord> list : byType.values()) {
        for (LocatedRecord lr : list) {
          RRSIGRecord sig = (RRSIGRecord) lr.record();
          String what = "RRSIG " + Type.string(sig.getTypeCovered()) + " at " + sig.getName();
          if (sig.getExpire().isBefore(now)) {
            warn("expired", lr.warning(what + " expired at " + sig.getExpire()
                + "; validating resolvers will reject it (RFC 4034 §3.1.5)"));
          } else if (sig.getTimeSigned().isAfter(now)) {
            warn("not-yet-valid", lr.warning(what + " is not valid before " + sig.getTimeSigned()
                + " (RFC 4034 §3.1.5)"));
          }
          if (keyOf(sig, keys) == null) {
            warn("unknown-key", lr.warning(what + " has key tag " + sig.getFootprint() + " algorithm "
                + sig.getAlgorithm() + ", signer " + sig.getSigner() + ": no such DNSKEY at the apex"));
          }
        }
      }
    }
  }

  private void requireSignature(Name name, int type, LocatedRecord first, List<DNSKEYRecord> keys) {
    List<LocatedRecord> covering = sigs.getOrDefault(name, Map.of()).getOrDefault(type, List.of());
    if (covering.isEmpty()) {
      warn("unsigned", first.warning(Type.string(type) + " at " + name
          + " has no RRSIG; validating resolvers will treat answers with it as bogus (RFC 4035 §2.2)"));
    }
    // An RRSIG whose key is unknown is reported by itself; one is enough for the RRset.
  }

  private DNSKEYRecord keyOf(RRSIGRecord sig, List<DNSKEYRecord> keys) {
    if (!sig.getSigner().equals(origin)) {
      return null;
    }
    for (DNSKEYRecord k : keys) {
      if (k.getFootprint() == sig.getFootprint() && k.getAlgorithm() == sig.getAlgorithm()
          && (k.getFlags() & DNSKEYRecord.Flags.ZONE_KEY) != 0) {
        return k;
      }
    }
    return null;
  }

  // ---- NSEC ----

  private void nsecChain() {
    TreeMap<Name, LocatedRecord> chain = new TreeMap<>(); // Name order is canonical (RFC 4034 §6.1)
    for (Map.Entry<Name, Map<Integer, List<LocatedRecord>>> e : data.entrySet()) {
      List<LocatedRecord> nsec = e.getValue().get(Type.NSEC);
      if (nsec != null) {
        chain.put(e.getKey(), nsec.get(0));
      }
    }
    for (Map.Entry<Name, Map<Integer, List<LocatedRecord>>> e : data.entrySet()) {
      Name name = e.getKey();
      if (occluded(name)) {
        continue;
      }
      LocatedRecord nsec = chain.get(name);
      if (nsec == null) {
        warn("nsec-missing", firstOf(e.getValue()).warning(name
            + " has no NSEC: the NSEC chain skips it, so its absence proofs are wrong (RFC 4035 §2.3)"));
        continue;
      }
      Set<Integer> expected = new TreeSet<>(e.getValue().keySet());
      expected.add(Type.RRSIG);
      if (cuts.contains(name)) {
        expected.removeIf(t -> t != Type.NS && t != Type.DS && t != Type.NSEC && t != Type.RRSIG);
      }
      Set<Integer> listed = new TreeSet<>();
      for (int t : ((NSECRecord) nsec.record()).getTypes()) {
        listed.add(t);
      }
      if (!listed.equals(expected)) {
        warn("nsec-bitmap", nsec.warning("NSEC type bitmap at " + name + " lists " + types(listed)
            + " but the name has " + types(expected) + " (RFC 4034 §4.1.2)"));
      }
    }
    List<Name> owners = new ArrayList<>(chain.keySet());
    for (int i = 0; i < owners.size(); i++) {
      LocatedRecord lr = chain.get(owners.get(i));
      Name next = ((NSECRecord) lr.record()).getNext();
      boolean last = i == owners.size() - 1;
      Name expected = last ? origin : owners.get(i + 1);
      if (next.equals(expected)) {
        continue;
      }
      if (!chain.containsKey(next) && !next.equals(origin)) {
        warn("nsec-chain", lr.warning("NSEC at " + owners.get(i) + " points to " + next
            + ", which has no NSEC; the next NSEC in canonical order is at " + expected + " (chain broken)"));
      } else if (last) {
        warn("nsec-chain", lr.warning("the last NSEC (at " + owners.get(i) + ") points to " + next
            + " instead of looping back to the apex " + origin + " (RFC 4034 §4.1.1)"));
      } else {
        warn("nsec-chain", lr.warning("NSEC at " + owners.get(i) + " points to " + next
            + " but the next name in canonical order is " + expected + " (chain broken)"));
      }
    }
  }

  // ---- NSEC3 ----

  private void nsec3Chain(LocatedRecord paramLine) {
    NSEC3PARAMRecord param = (NSEC3PARAMRecord) paramLine.record();
    TreeMap<byte[], LocatedRecord> chain = new TreeMap<>(Arrays::compareUnsigned);
    for (LocatedRecord lr : nsec3s) {
      NSEC3Record n = (NSEC3Record) lr.record();
      if (n.getHashAlgorithm() != param.getHashAlgorithm() || n.getIterations() != param.getIterations()
          || !Arrays.equals(n.getSalt(), param.getSalt())) {
        continue; // another chain (e.g. during a parameter change); not the one served
      }
      byte[] hash = ownerHash(n);
      if (hash == null) {
        warn("nsec3-owner", lr.warning("NSEC3 owner " + n.getName()
            + " is not one base32hex hash label directly below the apex (RFC 5155 §3)"));
        continue;
      }
      chain.putIfAbsent(hash, lr);
    }
    if (chain.isEmpty()) {
      warn("nsec3param", paramLine.warning("NSEC3PARAM " + param.rdataToString()
          + " matches no NSEC3 record: negative answers cannot be proven (RFC 5155 §4)"));
      return;
    }
    List<byte[]> hashes = new ArrayList<>(chain.keySet());
    for (int i = 0; i < hashes.size(); i++) {
      LocatedRecord lr = chain.get(hashes.get(i));
      byte[] expected = hashes.get((i + 1) % hashes.size());
      byte[] next = ((NSEC3Record) lr.record()).getNext();
      if (!Arrays.equals(next, expected)) {
        warn("nsec3-chain", lr.warning("NSEC3 at " + lr.record().getName() + " has next hashed owner "
            + b32(next) + " but the next NSEC3 in hash order is " + b32(expected) + " (chain broken, RFC 5155 §7.1)"));
      }
    }
    // Every authoritative name and every empty non-terminal above one needs an NSEC3.
    Map<Name, LocatedRecord> required = new LinkedHashMap<>();
    for (Map.Entry<Name, Map<Integer, List<LocatedRecord>>> e : data.entrySet()) {
      Name name = e.getKey();
      if (occluded(name)) {
        continue;
      }
      LocatedRecord first = firstOf(e.getValue());
      required.putIfAbsent(name, first);
      for (int strip = 1; name.labels() - strip > origin.labels(); strip++) {
        required.putIfAbsent(new Name(name, strip), first);
      }
    }
    for (Map.Entry<Name, LocatedRecord> e : required.entrySet()) {
      Name name = e.getKey();
      byte[] hash = hash(param, name);
      if (chain.containsKey(hash)) {
        continue;
      }
      boolean insecureCut = cuts.contains(name) && !data.get(name).containsKey(Type.DS);
      boolean emptyNonTerminal = !data.containsKey(name);
      if ((insecureCut || emptyNonTerminal) && optOutCovers(chain, hash)) {
        continue; // RFC 5155 §6: opt-out spans may skip insecure delegations (and ENTs above them)
      }
      String what = emptyNonTerminal ? "empty non-terminal " + name + " (above the name on this line)" : name.toString();
      warn("nsec3-missing", e.getValue().warning(what + " has no NSEC3 (hash " + b32(hash)
          + "): its NODATA/closest-encloser proofs cannot be made (RFC 5155 §7.1)"));
    }
  }

  private static boolean optOutCovers(TreeMap<byte[], LocatedRecord> chain, byte[] hash) {
    Map.Entry<byte[], LocatedRecord> e = chain.lowerEntry(hash);
    if (e == null) {
      e = chain.lastEntry();
    }
    return (((NSEC3Record) e.getValue().record()).getFlags() & NSEC3Record.Flags.OPT_OUT) != 0;
  }

  private byte[] ownerHash(NSEC3Record n) {
    if (n.getName().labels() != origin.labels() + 1) {
      return null;
    }
    try {
      return B32HEX.fromString(n.getName().getLabelString(0).toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static byte[] hash(NSEC3PARAMRecord param, Name name) {
    try {
      return param.hashName(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("NSEC3 hash algorithm " + param.getHashAlgorithm(), e);
    }
  }

  // ---- helpers ----

  /** Below a delegation or a DNAME: glue or unreachable data, never served authoritatively. */
  private boolean occluded(Name name) {
    for (int strip = 1; name.labels() - strip >= origin.labels(); strip++) {
      Name ancestor = new Name(name, strip);
      if (cuts.contains(ancestor) || dnames.contains(ancestor)) {
        return true;
      }
    }
    return false;
  }

  private static LocatedRecord firstOf(Map<Integer, List<LocatedRecord>> types) {
    LocatedRecord first = null;
    for (List<LocatedRecord> list : types.values()) {
      for (LocatedRecord lr : list) {
        if (first == null || lr.line() < first.line()) {
          first = lr;
        }
      }
    }
    return first;
  }

  private void warn(String kind, ZoneProblem p) {
    int n = counts.merge(kind, 1, Integer::sum);
    if (n <= MAX_PER_KIND) {
      problems.add(p);
    }
  }

  private static String types(Set<Integer> types) {
    List<String> out = new ArrayList<>();
    types.forEach(t -> out.add(Type.string(t)));
    return String.join(" ", out);
  }

  private static String b32(byte[] hash) {
    return B32HEX.toString(hash);
  }
}
