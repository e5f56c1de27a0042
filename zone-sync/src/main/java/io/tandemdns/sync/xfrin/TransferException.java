package io.tandemdns.sync.xfrin;

/** An incoming transfer or SOA check that failed; the serving copy is untouched. */
public final class TransferException extends Exception {
  private static final long serialVersionUID = 1L;

  public TransferException(String message) {
    super(message);
  }

  public TransferException(String message, Throwable cause) {
    super(message, cause);
  }
}
