package io.tandemdns.sync.monitor;

import java.net.InetSocketAddress;

/**
 * What one SOA query to one nameserver address returned.
 *
 * @param label where the address came from: the NS host name, or "configured"
 * @param serial the SOA serial, or -1 when there was no usable answer
 * @param authoritative the AA bit of the answer (RFC 1035 §4.1.1); false is a lame server
 * @param millis round-trip time of the answer (or time until failure)
 * @param error why there is no serial, or null
 */
public record Observation(
    String label, InetSocketAddress address, boolean reachable, long serial, boolean authoritative, long millis,
    String error) {

  static Observation unreachable(String label, InetSocketAddress address, long millis, String error) {
    return new Observation(label, address, false, -1, false, millis, error);
  }

  /** {@code 192.0.2.1#53}, {@code 2001:db8::1#53} (the Knot/BIND notation: no brackets needed). */
  public String addressText() {
    return address.getAddress().getHostAddress() + "#" + address.getPort();
  }
}
