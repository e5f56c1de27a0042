package io.tandemdns.sync.catalog;

/**
 * A catalog zone version that must not be processed at all (RFC 9432 §5.1 and §4.2: missing or
 * unsupported schema version); the consumer keeps the members it had.
 */
public final class CatalogException extends Exception {
  public CatalogException(String message) {
    super(message);
  }
}
