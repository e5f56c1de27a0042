package io.tandemdns.server.config;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parses listen addresses: {@code 192.0.2.1:53}, {@code [2001:db8::1]:53}, or a bare address
 * (port 53). Only IP literals: a host name would need the resolver, which a nameserver must not
 * depend on to start.
 */
public final class ListenAddress {
  public static final int DNS_PORT = 53;

  private ListenAddress() {}

  /** @throws IllegalArgumentException saying what is wrong with {@code text} */
  public static InetSocketAddress parse(String text) {
    String s = text.trim();
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + text + "' has no closing ']'");
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (rest.isEmpty()) {
        port = null;
      } else if (rest.startsWith(":")) {
        port = rest.substring(1);
      } else {
        throw new IllegalArgumentException("'" + text + "': expected ':port' after ']'");
      }
    } else if (s.indexOf(':') != s.lastIndexOf(':')) {
      host = s; // a bare IPv6 address
      port = null;
    } else if (s.indexOf(':') >= 0) {
      host = s.substring(0, s.indexOf(':'));
      port = s.substring(s.indexOf(':') + 1);
    } else {
      host = s;
      port = null;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
    if (bytes == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address (host names are not accepted)");
    }
    int portNumber = DNS_PORT;
    if (port != null) {
      try {
        portNumber = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "': port '" + port + "' is not a number");
      }
      if (portNumber < 0 || portNumber > 65535) {
        throw new IllegalArgumentException("'" + text + "': port " + portNumber + " is not in 0..65535");
      }
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(bytes), portNumber);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address", e);
    }
  }
}
