package io.tandemdns.server.control;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The admin HTTP endpoint.
 *
 * @param listen where it listens, or null when it is off
 * @param token the bearer token every non-GET request must carry, or null (then every non-GET
 *     request is refused: there is no unauthenticated write access)
 */
public record ControlSettings(InetSocketAddress listen, String token) {
  public static final int DEFAULT_PORT = 5380;

  public static ControlSettings disabled() {
    return new ControlSettings(null, null);
  }

  public static InetSocketAddress defaultListen() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT);
  }

  public boolean enabled() {
    return listen != null;
  }

  @Override
  public String toString() {
    return "ControlSettings[listen=" + listen + ", token=" + (token == null ? "none" : "***") + "]";
  }
}
