package io.tandemdns.server.cli;

import io.tandemdns.server.Main;
import io.tandemdns.server.cli.ControlOptions.CliFailure;
import io.tandemdns.server.cli.ControlOptions.Reply;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tandem status [ZONE]}: the zone table of a running server; exit 1 when a zone is unhealthy. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Shows the zones of a running server (role, state, serial, refresh and expiry).")
public final class StatusCommand extends ControlCommand {
  @Parameters(arity = "0..1", paramLabel = "ZONE", description = "only this zone")
  String zone;

  @Override
  int run(PrintWriter out) throws CliFailure {
    Reply r = control.get(zone == null ? "/zones" : zonePath(zone), true);
    if (r.status() != 200) {
      return report(out, r);
    }
    out.print(r.body());
    return r.body().contains(" unhealthy") ? Main.FAILURE : Main.OK;
  }
}
