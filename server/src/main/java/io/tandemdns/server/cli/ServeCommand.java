package io.tandemdns.server.cli;

import io.tandemdns.server.Main;
import io.tandemdns.server.TandemServer;
import io.tandemdns.server.config.ConfigException;
import io.tandemdns.server.config.ConfigFile;
import io.tandemdns.server.config.ListenAddress;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.server.config.ZoneConfig;
import io.tandemdns.server.query.QuerySettings;
import io.tandemdns.server.config.TcpSettings;
import io.tandemdns.server.transport.Listeners;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tandem serve}: runs the server in the foreground until SIGTERM or SIGINT. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves zones over UDP and TCP in the foreground; logs to stdout.",
      "With no options, serves the built-in demo zone " + "example.com. on 127.0.0.1:" + ServeCommand.DEFAULT_PORT + ".",
      "SIGHUP re-reads changed zone files; SIGTERM/SIGINT stop the server."
    })
public final class ServeCommand implements Callable<Integer> {
  static final int DEFAULT_PORT = 5300; // not 5353: mDNS daemons hold that port on many machines
  private static final Logger LOG = LogManager.getLogger(ServeCommand.class);

  @Option(names = "--config", paramLabel = "FILE", description = "configuration file (YAML, e.g. tandem.yaml)")
  Path config;

  @Option(names = "--listen", paramLabel = "ADDR:PORT",
      description = "listen on this address for UDP and TCP (repeatable; replaces the config's 'listen'; "
          + "default 127.0.0.1:" + DEFAULT_PORT + "); IPv6 as [::1]:PORT")
  List<String> listen = new ArrayList<>();

  @Option(names = "--zone-dir", paramLabel = "DIR",
      description = "serve every DIR/<origin>.zone as zone <origin> (added to the config's zones)")
  Path zoneDir;

  @Spec
  CommandSpec spec;

  /** Whether {@link #buildConfig()} chose the demo zone. */
  private boolean demo;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    ServerConfig cfg;
    try {
      cfg = buildConfig();
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return Main.USAGE;
    } catch (IOException e) {
      err.println("tandem: " + e.getMessage());
      err.flush();
      return Main.FAILURE;
    }
    if (cfg.logLevel() != null) {
      Configurator.setLevel("io.tandemdns", Level.valueOf(cfg.logLevel()));
    }
    TandemServer server;
    try {
      server = TandemServer.start(cfg);
    } catch (UncheckedIOException e) {
      err.println("tandem: " + e.getMessage());
      err.flush();
      return Main.FAILURE;
    }
    // Also on a plain JVM exit (or a signal we could not handle): close sockets, then logging.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      LogManager.shutdown();
    }, "tandem-shutdown"));
    ShutdownSignals signals = ShutdownSignals.install(server);
    printHowToQuery(server);
    String signal = signals.await();
    LOG.info("{} received, shutting down", signal);
    server.close();
    return Main.OK;
  }

  /** The configuration the options describe. */
  ServerConfig buildConfig() throws ConfigException, IOException {
    ServerConfig cfg;
    if (config != null) {
      cfg = ConfigFile.read(config);
    } else {
      cfg = new ServerConfig(List.of(), List.of(), QuerySettings.defaults(), TcpSettings.defaults(), 0, null);
    }
    if (!listen.isEmpty()) {
      List<InetSocketAddress> addresses = new ArrayList<>();
      for (String s : listen) {
        try {
          addresses.add(ListenAddress.parse(s));
        } catch (IllegalArgumentException e) {
          throw new ConfigException("--listen: " + e.getMessage());
        }
      }
      cfg = cfg.withListen(addresses);
    } else if (cfg.listen().isEmpty()) {
      cfg = cfg.withListen(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT)));
    }
    List<ZoneConfig> zones = new ArrayList<>(cfg.zones());
    if (zoneDir != null) {
      zones.addAll(zoneDirectory(zoneDir));
    }
    Set<Name> seen = new HashSet<>();
    for (ZoneConfig z : zones) {
      if (!seen.add(z.origin())) {
        throw new ConfigException("--zone-dir " + zoneDir + ": zone " + z.origin() + " is also in " + config);
      }
    }
    demo = config == null && zoneDir == null;
    if (demo) {
      zones.add(new ZoneConfig(DemoZone.ORIGIN, DemoZone.extract()));
    }
    return cfg.withZones(zones);
  }

  /** Every {@code <origin>.zone} in {@code dir}, sorted by file name. */
  static List<ZoneConfig> zoneDirectory(Path dir) throws ConfigException {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException("--zone-dir " + dir + ": not a directory");
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.zone")) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new ConfigException("--zone-dir " + dir + ": cannot list: " + e.getMessage());
    }
    files.sort(null);
    List<ZoneConfig> zones = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      String origin = name.substring(0, name.length() - ".zone".length());
      try {
        zones.add(new ZoneConfig(Name.fromString(origin, Name.root), file.toAbsolutePath()));
      } catch (TextParseException e) {
        throw new ConfigException("--zone-dir " + dir + ": '" + name + "' does not name a zone: " + e.getMessage());
      }
    }
    if (zones.isEmpty()) {
      throw new ConfigException("--zone-dir " + dir + ": no *.zone files");
    }
    return zones;
  }

  private void printHowToQuery(TandemServer server) {
    PrintWriter out = spec.commandLine().getOut();
    InetSocketAddress first = server.udpAddresses().get(0);
    String host = io.netty.util.NetUtil.toAddressString(first.getAddress());
    String sample = demo ? "www." + DemoZone.ORIGIN : server.config().zones().isEmpty()
        ? "example.com." : server.config().zones().get(0).origin().toString();
    out.println();
    out.println("Tandem DNS is serving on " + Listeners.format(first) + " (UDP and TCP). Try:");
    out.println("  dig @" + host + " -p " + first.getPort() + " " + sample + (demo ? "" : " SOA"));
    out.println("  kdig @" + host + " -p " + first.getPort() + " +tcp " + sample + (demo ? " AAAA" : " SOA"));
    if (demo) {
      out.println("  dig @" + host + " -p " + first.getPort() + " x.apps.example.com   (wildcard)");
      out.println("  dig @" + host + " -p " + first.getPort() + " sub.example.com NS   (delegation)");
      out.println("The demo zone is " + server.config().zones().get(0).file()
          + "; edit it (bump the serial) and send SIGHUP to reload.");
    }
    out.println("Stop with Ctrl-C (SIGINT) or SIGTERM; SIGHUP reloads zone files.");
    out.println();
    out.flush();
  }
}
