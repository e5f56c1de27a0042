package io.tandemdns.server;

import io.tandemdns.server.cli.CheckCommand;
import io.tandemdns.server.cli.CheckZoneCommand;
import io.tandemdns.server.cli.NotifyCommand;
import io.tandemdns.server.cli.RefreshCommand;
import io.tandemdns.server.cli.ReloadCommand;
import io.tandemdns.server.cli.StatusCommand;
import io.tandemdns.server.cli.ServeCommand;
import io.tandemdns.server.cli.VersionProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code tandem} command. Exit codes: 0 ok, 1 runtime failure (or zone errors for
 * check-zone), 2 usage or configuration error.
 */
@Command(
    name = "tandem",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Tandem DNS: an authoritative nameserver to run in tandem with your DNS provider.",
    subcommands = {ServeCommand.class, CheckZoneCommand.class, StatusCommand.class, ReloadCommand.class,
        RefreshCommand.class, NotifyCommand.class, CheckCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  @Spec
  CommandSpec spec;

  /** {@code tandem} alone: say what it can do. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  /** The command line with our error handling: one line on stderr instead of a stack trace. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("tandem: " + e);
      commandLine.getErr().flush();
      return FAILURE;
    });
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
