package io.tandemdns.sync.tsig;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.Address;

/**
 * An IPv4 or IPv6 network, {@code 192.0.2.0/24}, {@code 2001:db8::/32} or one address. Parsed
 * from literals only (no resolver is ever consulted for an ACL).
 */
public record AddressPrefix(byte[] network, int length) {

  public AddressPrefix {
    network = network.clone();
    if (network.length != 4 && network.length != 16) {
      throw new IllegalArgumentException("address must be 4 or 16 bytes");
    }
    if (length < 0 || length > network.length * 8) {
      throw new IllegalArgumentException("prefix length " + length + " out of range");
    }
    mask(network, length);
  }

  public static AddressPrefix parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    int family = addr.contains(":") ? Address.IPv6 : Address.IPv4;
    byte[] bytes = Address.toByteArray(addr, family);
    if (bytes == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4/IPv6 address or prefix");
    }
    int len = bytes.length * 8;
    if (slash >= 0) {
      try {
        len = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "': bad prefix length", e);
      }
      if (len < 0 || len > bytes.length * 8) {
        throw new IllegalArgumentException("'" + text + "': prefix length must be 0.." + bytes.length * 8);
      }
    }
    return new AddressPrefix(bytes, len);
  }

  public boolean contains(InetAddress address) {
    byte[] a = normalize(address).getAddress();
    if (a.length != network.length) {
      return false;
    }
    byte[] masked = a.clone();
    mask(masked, length);
    return java.util.Arrays.equals(masked, network);
  }

  /** IPv4-mapped IPv6 (::ffff:a.b.c.d, RFC 4291 §2.5.5.2) from dual-stack sockets as IPv4. */
  static InetAddress normalize(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] b = address.getAddress();
      boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = b[i] == 0;
      }
      if (mapped) {
        try {
          return Inet4Address.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return address;
  }

  private static void mask(byte[] b, int length) {
    for (int i = 0; i < b.length; i++) {
      int bits = Math.max(0, Math.min(8, length - i * 8));
      b[i] &= (byte) (0xff00 >> bits);
    }
  }

  @Override
  public byte[] network() {
    return network.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressPrefix p && p.length == length && java.util.Arrays.equals(p.network, network);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(network) * 31 + length;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + length;
    } catch (UnknownHostException e) {
      return "?/" + length;
    }
  }
}
