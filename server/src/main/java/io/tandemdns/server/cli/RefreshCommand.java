package io.tandemdns.server.cli;

import io.tandemdns.server.cli.ControlOptions.CliFailure;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tandem refresh ZONE}: a secondary checks its primaries now. */
@Command(name = "refresh", mixinStandardHelpOptions = true,
    description = "Makes a secondary zone check its primaries for a newer serial now.")
public final class RefreshCommand extends ControlCommand {
  @Parameters(paramLabel = "ZONE")
  String zone;

  @Override
  int run(PrintWriter out) throws CliFailure {
    return report(out, control.post(zonePath(zone) + "/refresh"));
  }
}
