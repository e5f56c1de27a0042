/**
 * Loading and validating RFC 1035 master files.
 *
 * <p>{@link io.tandemdns.zone.load.ZoneFileLoader} is the entry point: {@code load} builds a zone
 * or throws {@link io.tandemdns.zone.load.ZoneLoadException} listing every problem; {@code check}
 * returns errors and warnings for {@code tandem check-zone}. Parsing is in {@code
 * MasterFileParser} (dnsjava does the record syntax), semantic rules in {@link
 * io.tandemdns.zone.load.ZoneChecks}.
 *
 * <p>Line numbers: a record's line is where its entry starts (the owner/type line), also for a
 * record continued over several lines in parentheses. A syntax error is reported on the line
 * where dnsjava met the bad token, which may be inside such a record. A record made by {@code
 * $GENERATE} carries the directive's line; a record from an {@code $INCLUDE}d file names that file.
 */
package io.tandemdns.zone.load;
