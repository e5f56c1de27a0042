package io.tandemdns.sync.store;

import java.io.IOException;

/** A persisted zone file that fails verification; it must not be served. */
public final class StoreCorruptException extends IOException {
  private static final long serialVersionUID = 1L;

  public StoreCorruptException(String message) {
    super(message);
  }

  public StoreCorruptException(String message, Throwable cause) {
    super(message, cause);
  }
}
