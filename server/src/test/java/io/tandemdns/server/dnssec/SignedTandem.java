package io.tandemdns.server.dnssec;

import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.diff.DnsTarget;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.xbill.DNS.Name;

/** Tandem in-process on an ephemeral 127.0.0.1 port, default settings, serving signed files. */
final class SignedTandem implements DnsTarget {
  final TandemServer server;
  private final InetSocketAddress address;

  private SignedTandem(TandemServer server) {
    this.server = server;
    this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
  }

  static SignedTandem start(Map<Name, Path> zones) {
    TandemServer server = TandemServer.start(
        ServerConfig.quick(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), zones));
    if (!server.initialLoad().ok()) {
      String report = server.initialLoad() + " " + server.initialLoad().zones();
      server.close();
      throw new IllegalStateException("Tandem did not load every signed zone: " + report);
    }
    return new SignedTandem(server);
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
