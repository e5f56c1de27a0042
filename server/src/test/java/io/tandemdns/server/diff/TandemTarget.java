package io.tandemdns.server.diff;

import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * Tandem in-process on an ephemeral 127.0.0.1 port, default settings, the suite's zones (the
 * differential and the signed-zone suites both use it).
 */
public final class TandemTarget implements DnsTarget {
  public final TandemServer server;
  private final InetSocketAddress address;

  private TandemTarget(TandemServer server) {
    this.server = server;
    this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
  }

  public static TandemTarget start(Map<Name, Path> zones) {
    TandemServer server = TandemServer.start(
        ServerConfig.quick(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), zones));
    if (!server.initialLoad().ok()) {
      String report = server.initialLoad().toString() + " " + server.initialLoad().zones();
      server.close();
      throw new IllegalStateException("Tandem did not load every test zone: " + report);
    }
    return new TandemTarget(server);
  }

  @Override
  public String name() {
    return "tandem";
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "tandem@" + address;
  }
}
