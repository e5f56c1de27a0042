package io.tandemdns.server.cli;

import io.tandemdns.zone.load.ZoneFileLoader;
import io.tandemdns.zone.load.ZoneProblem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem check-zone FILE [--origin NAME]}: validates a master file like the server would. */
@Command(
    name = "check-zone",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a zone file and prints every problem as file:line.",
      "Exit code 0 when the zone would be served (warnings allowed), 1 on errors, 2 on usage errors."
    })
public final class CheckZoneCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "the master file")
  Path file;

  @Option(names = "--origin", paramLabel = "NAME",
      description = "the zone's origin (default: the file's first $ORIGIN, else its name without .zone)")
  String origin;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (!Files.isRegularFile(file)) {
        err.println(file + ": no such file");
        return 2;
      }
      Name zone;
      try {
        zone = origin != null ? Name.fromString(origin, Name.root) : ZoneFileLoader.guessOrigin(file);
      } catch (TextParseException | IllegalArgumentException e) {
        err.println((origin != null ? "--origin '" + origin + "'" : file.toString()) + ": " + e.getMessage());
        return 2;
      }
      List<ZoneProblem> problems = ZoneFileLoader.check(file, zone);
      long errors = problems.stream().filter(ZoneProblem::error).count();
      long warnings = problems.size() - errors;
      for (ZoneProblem p : problems) {
        out.println(p);
      }
      if (errors > 0) {
        out.printf("%s: zone %s has %d error%s and %d warning%s; it would not be served%n",
            file, zone, errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
        return 1;
      }
      out.printf("%s: zone %s OK%s%n", file, zone,
          warnings == 0 ? "" : " (" + warnings + " warning" + (warnings == 1 ? "" : "s") + ")");
      return 0;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
