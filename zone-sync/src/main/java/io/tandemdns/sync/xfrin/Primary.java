package io.tandemdns.sync.xfrin;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.xbill.DNS.TSIG;

/**
 * One primary of a secondary zone: a literal address and port, and the TSIG key to sign
 * requests with and to verify every response message against (null: unsigned).
 */
public record Primary(InetSocketAddress address, TSIG key) {
  public Primary {
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("primary address must be a literal IP: " + address);
    }
  }

  @Override
  public String toString() {
    return address.getAddress().getHostAddress() + "#" + address.getPort() + (key == null ? "" : " (TSIG)");
  }
}
