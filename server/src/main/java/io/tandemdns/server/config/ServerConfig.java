package io.tandemdns.server.config;

import io.tandemdns.server.query.QuerySettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The whole validated configuration, immutable; a reload builds a new one.
 *
 * @param listen addresses for both UDP and TCP; port 0 picks one free port for both
 * @param zones the served zones
 * @param query settings of the query pipeline
 * @param tcp TCP limits
 * @param threads event-loop threads (0 = number of cores)
 * @param source the config file it came from, or null (command line / tests)
 */
public record ServerConfig(
    List<InetSocketAddress> listen,
    List<ZoneConfig> zones,
    QuerySettings query,
    TcpSettings tcp,
    int threads,
    Path source) {

  /** Defaults everywhere but the listen address and zones (the `serve --zone-dir` shortcut, tests). */
  public static ServerConfig quick(InetSocketAddress listen, Map<org.xbill.DNS.Name, Path> zones) {
    return new ServerConfig(
        List.of(listen),
        zones.entrySet().stream().map(e -> new ZoneConfig(e.getKey(), e.getValue())).toList(),
        QuerySettings.defaults(),
        TcpSettings.defaults(),
        0,
        null);
  }
}
