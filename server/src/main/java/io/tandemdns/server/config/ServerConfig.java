package io.tandemdns.server.config;

import io.tandemdns.server.query.QuerySettings;
import io.tandemdns.server.sync.SyncSettings;
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
    String logLevel,
    SyncSettings sync,
    OpsSettings ops) {

  public ServerConfig {
    listen = List.copyOf(listen);
    zones = List.copyOf(zones);
    sync = sync == null ? SyncSettings.NONE : sync;
    ops = ops == null ? OpsSettings.NONE : ops;
  }

  /** Without operations settings (before issue 6). */
  public ServerConfig(
      List<InetSocketAddress> listen, List<ZoneConfig> zones, QuerySettings query, TcpSettings tcp, int threads,
      Path source, String logLevel, SyncSettings sync) {
    this(listen, zones, query, tcp, threads, source, logLevel, sync, OpsSettings.NONE);
  }

  /** Admin endpoint, consistency monitor, query log (issue 6). */
  public ServerConfig withOps(OpsSettings settings) {
    return new ServerConfig(listen, zones, query, tcp, threads, source, logLevel, sync, settings);
  }

  /** Without zone sync (before issue 3). */
  public ServerConfig(
      List<InetSocketAddress> listen, List<ZoneConfig> zones, QuerySettings query, TcpSettings tcp, int threads,
      Path source, String logLevel) {
    this(listen, zones, query, tcp, threads, source, logLevel, SyncSettings.NONE);
  }

  /** Zone sync settings: roles, TSIG keys, state directory (issue 3). */
  public ServerConfig withSync(SyncSettings settings) {
    return new ServerConfig(listen, zones, query, tcp, threads, source, logLevel, settings, ops);
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
    return new ServerConfig(addresses, zones, query, tcp, threads, source, logLevel, sync, ops);
  }

  public ServerConfig withZones(List<ZoneConfig> newZones) {
    return new ServerConfig(listen, newZones, query, tcp, threads, source, logLevel, sync, ops);
  }

  public ServerConfig withQuery(QuerySettings settings) {
    return new ServerConfig(listen, zones, settings, tcp, threads, source, logLevel, sync, ops);
  }

  public ServerConfig withTcp(TcpSettings settings) {
    return new ServerConfig(listen, zones, query, settings, threads, source, logLevel, sync, ops);
  }

  public ServerConfig withThreads(int n) {
    return new ServerConfig(listen, zones, query, tcp, n, source, logLevel, sync, ops);
  }
}
