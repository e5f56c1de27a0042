package io.tandemdns.sync.catalog;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneBuilder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;

/**
 * Builds a catalog zone (RFC 9432 §4) listing the given member zones. Unique labels are a hash
 * of the member name, so they are stable across versions and restarts and the same on every
 * producer (§4.3 only asks that they be unique; a stable one avoids needless resets, §5.4).
 */
public final class CatalogProducer {
  /** §4.1: the NS record is never used for resolution; "invalid." is the recommended target. */
  static final Name INVALID = Name.fromConstantString("invalid.");
  /** Members are never resolved through the catalog; TTL 0 as in the RFC's examples. */
  private static final long TTL = 0;

  private CatalogProducer() {}

  /** One member zone and its optional group property (§4.4.2). */
  public record Member(Name zone, String group) {}

  public static Zone build(Name catalog, long serial, Collection<Member> members) {
    ZoneBuilder b = new ZoneBuilder(catalog);
    // Refresh 1h / retry 10 min: consumers also learn of changes by NOTIFY. Expire the largest
    // value the RFC 1982 space allows, so a consumer never drops the membership by timeout.
    b.add(new SOARecord(catalog, DClass.IN, TTL, INVALID, INVALID, serial, 3600, 600, 2147483646, 0));
    b.add(new NSRecord(catalog, DClass.IN, TTL, INVALID));
    b.add(new TXTRecord(CatalogContent.child(catalog, "version"), DClass.IN, TTL, CatalogContent.VERSION));
    Name zones = CatalogContent.child(catalog, "zones");
    for (Member m : members) {
      Name node = CatalogContent.child(zones, uniqueLabel(m.zone()));
      b.add(new PTRRecord(node, DClass.IN, TTL, m.zone()));
      if (m.group() != null) {
        b.add(new TXTRecord(CatalogContent.child(node, "group"), DClass.IN, TTL, m.group()));
      }
    }
    return b.build();
  }

  /** 16 hex digits of SHA-256 over the member's canonical (lower-case) wire form. */
  public static String uniqueLabel(Name zone) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(zone.canonicalize().toWireCanonical());
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
