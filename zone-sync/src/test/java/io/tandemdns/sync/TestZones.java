package io.tandemdns.sync;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Zones from master-file text, built straight with ZoneBuilder (dnsjava parses the text). */
public final class TestZones {
  public static final Name ORIGIN = Name.fromConstantString("example.com.");

  private TestZones() {}

  public static String soa(long serial) {
    return "@ 3600 IN SOA ns1 hostmaster " + serial + " 3600 600 86400 300\n";
  }

  /** example.com with an SOA of this serial, NS + glue, and {@code body}. */
  public static Zone zone(long serial, String body) {
    return zone(ORIGIN, soa(serial) + "@ 3600 IN NS ns1\nns1 3600 IN A 192.0.2.53\n" + body);
  }

  public static Zone zone(Name origin, String text) {
    ZoneBuilder b = new ZoneBuilder(origin);
    try (Master m = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
        origin, 3600)) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        b.add(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.build();
  }

  /** n host records www0..www(n-1), for zones that need many messages. */
  public static String hosts(int n, String prefix) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(prefix).append(i).append(" 300 IN A 10.").append((i >> 16) & 255).append('.')
          .append((i >> 8) & 255).append('.').append(i & 255).append('\n');
    }
    return sb.toString();
  }

  /** The records as comparable text with TTLs, owner case folded. */
  public static Set<String> texts(Iterable<? extends Record> records) {
    Set<String> out = new HashSet<>();
    for (Record r : records) {
      out.add(r.getName().canonicalize() + " " + r.getTTL() + " " + Type.string(r.getType()) + " "
          + r.rdataToString());
    }
    return out;
  }
}
