package io.tandemdns.server.config;

import io.tandemdns.server.query.QuerySettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The whole validated configuration, immutable; a reload builds a new one. Read from a file by
 * {@link ConfigFile}; its keys are listed in {@link ConfigKeys}.
 *
 * @param listen addresses for both UDP and TCP; port 0 picks one free port for both
 * @param zones the served zones
 * @param query settings of the query pipeline
 * @param tcp TCP limits
 * @param threads event-loop threads (0 = number of cores)
 * @param source the config file it came from, or null (command line / tests)
 * @param logLevel level of the {@code io.tandemdns} loggers (error, warn, info, debug, trace), or
 *     null to keep log4j2.xml's
 */
public record ServerConfig(
    List<InetSocketAddress> listen,
    List<ZoneConfig> zones,
    QuerySettings query,
    TcpSettings tcp,
    int threads,
    Path source,
    String logLevel) {

  public ServerConfig {
    listen = List.copyOf(listen);
    zones = List.copyOf(zones);
  }

  /** Without a log level (the original contract). */
  public ServerConfig(
      List<InetSocketAddress> listen, List<ZoneConfig> zones, QuerySettings query, TcpSettings tcp, int threads, Path source) {
    this(listen, zones, query, tcp, threads, source, null);
  }

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

  public ServerConfig withListen(List<InetSocketAddress> addresses) {
    return new ServerConfig(addresses, zones, query, tcp, threads, source, logLevel);
  }

  public ServerConfig withZones(List<ZoneConfig> newZones) {
    return new ServerConfig(listen, newZones, query, tcp, threads, source, logLevel);
  }

  public ServerConfig withQuery(QuerySettings settings) {
    return new ServerConfig(listen, zones, settings, tcp, threads, source, logLevel);
  }

  public ServerConfig withTcp(TcpSettings settings) {
    return new ServerConfig(listen, zones, query, settings, threads, source, logLevel);
  }

  public ServerConfig withThreads(int n) {
    return new ServerConfig(listen, zones, query, tcp, n, source, logLevel);
  }
}
