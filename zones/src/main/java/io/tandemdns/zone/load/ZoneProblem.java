package io.tandemdns.zone.load;

/**
 * One error or warning in a zone file.
 *
 * @param file the file (an $INCLUDEd file names itself, not the includer)
 * @param line 1-based line, or 0 when the problem concerns the whole zone
 * @param message what is wrong, for an operator
 * @param error false for a warning (the zone is still served)
 */
public record ZoneProblem(String file, int line, String message, boolean error) {
  @Override
  public String toString() {
    return file + ":" + line + ": " + (error ? "error: " : "warning: ") + message;
  }
}
