package io.tandemdns.sync.monitor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * Production resolution of apex NS names through the JVM (and so the host's) resolver: the same
 * view of the NS set a resolver on the internet gets, which is what the monitor is about.
 */
public final class SystemNameResolver implements NameResolver {
  @Override
  public List<InetAddress> resolve(Name host) throws IOException {
    try {
      return List.of(InetAddress.getAllByName(host.toString(true)));
    } catch (UnknownHostException e) {
      throw new IOException("cannot resolve " + host + ": " + e.getMessage(), e);
    }
  }
}
