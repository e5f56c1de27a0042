package io.tandemdns.server.cli;

import io.tandemdns.server.cli.ControlOptions.CliFailure;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tandem reload [ZONE]}: re-read the config file and zone files (or one zone's file). */
@Command(name = "reload", mixinStandardHelpOptions = true,
    description = {"Makes a running server re-read its config file (zones added/removed) and changed zone files.",
        "With ZONE, reloads only that zone's file. A config with errors is rejected whole."})
public final class ReloadCommand extends ControlCommand {
  @Parameters(arity = "0..1", paramLabel = "ZONE", description = "reload only this zone")
  String zone;

  @Override
  int run(PrintWriter out) throws CliFailure {
    return report(out, control.post(zone == null ? "/reload" : zonePath(zone) + "/reload"));
  }
}
