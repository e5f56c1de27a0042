package io.tandemdns.server.cli;

import io.tandemdns.server.cli.ControlOptions.CliFailure;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tandem notify ZONE}: NOTIFY the zone's secondaries now. */
@Command(name = "notify", mixinStandardHelpOptions = true,
    description = "Makes the server send NOTIFY for ZONE to its configured targets now.")
public final class NotifyCommand extends ControlCommand {
  @Parameters(paramLabel = "ZONE")
  String zone;

  @Override
  int run(PrintWriter out) throws CliFailure {
    return report(out, control.post(zonePath(zone) + "/notify"));
  }
}
