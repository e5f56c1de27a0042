package io.tandemdns.zone.diff;

import io.tandemdns.zone.Zone;
import io.tandemdns.zone.ZoneBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Builds zones from master-file text with dnsjava's parser, straight into ZoneBuilder. */
final class TestZones {
  static final Name ORIGIN = Name.fromConstantString("example.com.");

  private TestZones() {}

  static String soa(long serial) {
    return "@ 3600 IN SOA ns1 hostmaster " + serial + " 3600 600 86400 300\n";
  }

  static Zone zone(long serial, String body) {
    return zone(ORIGIN, soa(serial) + "@ 3600 IN NS ns1\nns1 3600 IN A 192.0.2.53\n" + body);
  }

  static Zone zone(Name origin, String text) {
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
}
