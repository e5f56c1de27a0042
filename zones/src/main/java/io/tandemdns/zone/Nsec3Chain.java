package io.tandemdns.zone;

import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;

/**
 * The NSEC3 chain selected by the apex NSEC3PARAM (RFC 5155 §4), ordered by hash. NSEC3 owners
 * are not names of the zone: they live here, not among the nodes (RFC 5155 §7.2.8 behaviour).
 */
public final class Nsec3Chain implements DenialChain {
  private final NSEC3PARAMRecord params;
  private final NavigableMap<byte[], RecordSet> byHash;

  Nsec3Chain(NSEC3PARAMRecord params, Map<byte[], RecordSet> nsec3s) {
    this.params = params;
    this.byHash = new TreeMap<>(Arrays::compareUnsigned);
    this.byHash.putAll(nsec3s);
  }

  public NSEC3PARAMRecord params() {
    return params;
  }

  public byte[] hash(Name name) {
    try {
      return params.hashName(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("NSEC3 hash algorithm " + params.getHashAlgorithm(), e);
    }
  }

  /** The NSEC3 whose hash equals that of {@code name}, or null (RFC 5155 §7.2.1 "matches"). */
  public RecordSet matching(Name name) {
    return byHash.get(hash(name));
  }

  /** The NSEC3 whose hash range contains the hash of {@code name} (RFC 5155 §7.2.1 "covers"). */
  public RecordSet covering(Name name) {
    Map.Entry<byte[], RecordSet> e = byHash.lowerEntry(hash(name));
    if (e == null) {
      e = byHash.lastEntry(); // the last NSEC3 wraps around to the first hash
    }
    return e == null ? null : e.getValue();
  }

  public static boolean optOut(RecordSet nsec3) {
    return (((NSEC3Record) nsec3.records().get(0)).getFlags() & NSEC3Record.Flags.OPT_OUT) != 0;
  }

  public int size() {
    return byHash.size();
  }
}
