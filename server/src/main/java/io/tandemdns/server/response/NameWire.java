package io.tandemdns.server.response;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.xbill.DNS.Name;

/**
 * A name's uncompressed wire form (RFC 1035 §3.1) without copying.
 *
 * <p>dnsjava keeps exactly these bytes in a private array, but its public accessors copy them and
 * build one {@code Name} per label on the way ({@code Name.toWire()}), which was most of the
 * encoder's allocation. So the encoder reads that array directly, never writing to it. Whether the
 * field exists and holds what we expect is checked once here, and each use checks the length; if
 * a dnsjava version stores names differently, {@code Name.toWire()} is used instead.
 */
final class NameWire {
  private static final VarHandle BYTES = find();

  private NameWire() {}

  /** The name's wire bytes; the caller must not modify the array. */
  static byte[] of(Name name) {
    if (BYTES != null) {
      byte[] b = (byte[]) BYTES.get(name);
      if (b != null && b.length == name.length()) {
        return b;
      }
    }
    return name.toWire();
  }

  /** True when names are read in place (for the test that pins the dnsjava version's layout). */
  static boolean direct() {
    return BYTES != null;
  }

  private static VarHandle find() {
    try {
      VarHandle h = MethodHandles.privateLookupIn(Name.class, MethodHandles.lookup())
          .findVarHandle(Name.class, "name", byte[].class);
      Name probe = Name.fromConstantString("Probe.Example.");
      byte[] b = (byte[]) h.get(probe);
      return Arrays.equals(b, probe.toWire()) ? h : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
