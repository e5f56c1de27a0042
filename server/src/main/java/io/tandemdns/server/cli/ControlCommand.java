package io.tandemdns.server.cli;

import io.tandemdns.server.Main;
import io.tandemdns.server.cli.ControlOptions.CliFailure;
import io.tandemdns.server.cli.ControlOptions.Reply;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shared run loop of the commands that talk to the control endpoint. */
abstract class ControlCommand implements Callable<Integer> {
  @Mixin
  ControlOptions control = new ControlOptions();

  @Spec
  CommandSpec spec;

  /** Does the request; returns the exit code. */
  abstract int run(PrintWriter out) throws CliFailure;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      int code = run(out);
      out.flush();
      return code;
    } catch (CliFailure e) {
      err.println("tandem " + spec.name() + ": " + e.getMessage());
      err.flush();
      return e.exit;
    }
  }

  /** Prints a POST result: the server's JSON on success, its error message otherwise. */
  int report(PrintWriter out, Reply r) {
    if (r.status() / 100 == 2) {
      out.print(r.body());
      return r.body().contains("\"ok\":false") ? Main.FAILURE : Main.OK;
    }
    spec.commandLine().getErr().println("tandem " + spec.name() + ": " + ControlOptions.message(r.body())
        + " (HTTP " + r.status() + ")");
    spec.commandLine().getErr().flush();
    return r.status() == 404 || r.status() == 400 ? Main.USAGE : Main.FAILURE;
  }

  static String zonePath(String zone) {
    return "/zones/" + (zone.endsWith(".") ? zone : zone + ".");
  }
}
