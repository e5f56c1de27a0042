package io.tandemdns.server.cli;

import io.tandemdns.server.Main;
import io.tandemdns.server.config.ConfigException;
import io.tandemdns.server.config.ConfigFile;
import io.tandemdns.server.config.ListenAddress;
import io.tandemdns.server.config.ServerConfig;
import io.tandemdns.sync.monitor.ConsistencyMonitor;
import io.tandemdns.sync.monitor.ConsistencyReport;
import io.tandemdns.sync.monitor.MonitorSettings;
import io.tandemdns.sync.monitor.NameResolver;
import io.tandemdns.sync.monitor.SystemNameResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tandem check ZONE}: one round of the NS-set consistency check, as a table. Exit 0 when
 * every nameserver answers authoritatively with the same, highest serial; 1 otherwise (for cron,
 * CI or a monitoring system); 2 on usage errors.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Asks every nameserver of ZONE for its SOA and reports who is down, lame or behind.",
        "With --ns, only those addresses are checked and nothing is resolved. Otherwise the zone's apex NS",
        "names (asked from the local server of --config) are resolved with the system resolver, plus the",
        "config's monitor.zones addresses."})
public final class CheckCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ZONE")
  String zone;

  @Option(names = "--ns", paramLabel = "ADDR[:PORT]", description = "a nameserver address (repeatable; IPv6 as [ADDR]:PORT)")
  List<String> ns = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE", description = "tandem.yaml: local server, monitor addresses")
  Path config;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "per SOA query (default 2)")
  int timeoutSeconds = 2;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Name origin;
    try {
      origin = Name.fromString(zone, Name.root);
    } catch (TextParseException e) {
      err.println("tandem check: '" + zone + "' is not a zone name: " + e.getMessage());
      err.flush();
      return Main.USAGE;
    }
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (String s : ns) {
      try {
        addresses.add(ListenAddress.parse(s));
      } catch (IllegalArgumentException e) {
        err.println("tandem check: --ns " + e.getMessage());
        err.flush();
        return Main.USAGE;
      }
    }
    List<Name> nsNames = List.of();
    NameResolver resolver = NameResolver.NONE;
    if (addresses.isEmpty()) {
      if (config == null) {
        err.println("tandem check: give --ns ADDR[:PORT] (repeatable) or --config tandem.yaml");
        err.flush();
        return Main.USAGE;
      }
      ServerConfig cfg;
      try {
        cfg = ConfigFile.read(config);
      } catch (ConfigException e) {
        err.println(e.getMessage());
        err.flush();
        return Main.USAGE;
      }
      addresses.addAll(cfg.ops().monitor().extraFor(origin));
      if (cfg.ops().monitor().resolveNs() && !cfg.listen().isEmpty()) {
        try {
          nsNames = apexNs(cfg.listen().get(0), origin, timeoutSeconds);
          resolver = new SystemNameResolver();
        } catch (IOException e) {
          err.println("tandem check: cannot ask the local server " + cfg.listen().get(0) + " for the NS of "
              + origin + ": " + e.getMessage());
        }
      }
      if (addresses.isEmpty() && nsNames.isEmpty()) {
        err.println("tandem check: no nameservers to check for " + origin);
        err.flush();
        return Main.USAGE;
      }
    }
    MonitorSettings settings = new MonitorSettings(false, MonitorSettings.DEFAULT_INTERVAL, Duration.ZERO,
        Duration.ofSeconds(timeoutSeconds), !nsNames.isEmpty(), 53, Map.of(origin, addresses));
    List<Name> names = nsNames;
    try (ConsistencyMonitor monitor = new ConsistencyMonitor(settings, resolver)) {
      monitor.watch(origin, () -> names);
      ConsistencyReport report = monitor.check(origin);
      out.print(report.table());
      out.flush();
      return report.inSync() ? Main.OK : Main.FAILURE;
    }
  }

  /** The zone's apex NS names as the local server serves them. */
  private static List<Name> apexNs(InetSocketAddress server, Name origin, int timeoutSeconds) throws IOException {
    SimpleResolver r = new SimpleResolver(server);
    r.setTimeout(Duration.ofSeconds(timeoutSeconds));
    Message m = r.send(Message.newQuery(Record.newRecord(origin, Type.NS, DClass.IN)));
    List<Name> names = new ArrayList<>();
    for (Record rec : m.getSection(Section.ANSWER)) {
      if (rec instanceof NSRecord nsr && nsr.getName().equals(origin)) {
        names.add(nsr.getTarget());
      }
    }
    return names;
  }
}
