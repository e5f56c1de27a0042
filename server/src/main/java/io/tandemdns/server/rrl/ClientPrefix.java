package io.tandemdns.server.rrl;

import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address prefix such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}, parsed from a literal
 * only (never a host name, so nothing ever reaches the system resolver).
 */
public final class ClientPrefix {
  private final byte[] network;
  private final int length;

  private ClientPrefix(byte[] network, int length) {
    this.network = network;
    this.length = length;
  }

  /**
   * Parses {@code address/length} or a bare address (a host prefix).
   *
   * @throws IllegalArgumentException with a message naming the problem
   */
  public static ClientPrefix parse(String text) {
    String s = text.trim();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(addr);
    if (bytes == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or prefix like 192.0.2.0/24");
    }
    int max = bytes.length * 8;
    int len = max;
    if (slash >= 0) {
      try {
        len = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        len = -1;
      }
      if (len < 0 || len > max) {
        throw new IllegalArgumentException("'" + text + "': prefix length must be 0.." + max);
      }
    }
    return new ClientPrefix(mask(bytes, len), len);
  }

  /** True when {@code address} is inside this prefix (same family only). */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    return Arrays.equals(mask(a, length), network);
  }

  /** The address bytes with all bits after {@code bits} cleared (a copy). */
  static byte[] mask(byte[] address, int bits) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = bits - i * 8;
      if (keep <= 0) {
        out[i] = 0;
      } else if (keep < 8) {
        out[i] &= (byte) (0xFF << (8 - keep));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    try {
      String host = NetUtil.toAddressString(InetAddress.getByAddress(network));
      return host + "/" + length;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
    }
  }

  static boolean isV4(InetAddress a) {
    return a instanceof Inet4Address;
  }
}
