package io.tandemdns.zone.load;

import org.xbill.DNS.Record;

/**
 * A parsed record and where it was written, so that semantic checks can name the line.
 *
 * @param record the record as dnsjava parsed it
 * @param file the file it came from (an $INCLUDEd file names itself)
 * @param line the 1-based line where the record's entry starts; for a record spread over several
 *     lines with parentheses this is the line of its owner/type, for a $GENERATE'd record the line
 *     of the $GENERATE
 */
public record LocatedRecord(Record record, String file, int line) {
  public ZoneProblem error(String message) {
    return new ZoneProblem(file, line, message, true);
  }

  public ZoneProblem warning(String message) {
    return new ZoneProblem(file, line, message, false);
  }
}
