package io.tandemdns.zone.diff;

/**
 * A diff chain that does not fit the zone it is applied to (wrong start serial, deleting a
 * record that is not there, serial going backwards). Nothing has been changed when this is
 * thrown: applying builds a new snapshot and never touches the base.
 */
public final class DiffException extends Exception {
  private static final long serialVersionUID = 1L;

  public DiffException(String message) {
    super(message);
  }

  public DiffException(String message, Throwable cause) {
    super(message, cause);
  }
}
