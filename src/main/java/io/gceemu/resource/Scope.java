package io.gceemu.resource;

/**
 * Where a collection's resources live, and so which actor owns them: a zone's, a region's, or
 * the global one. Its path segment is how GCE writes the scope in links and aggregated lists.
 */
public enum Scope {
  ZONE("zones"), REGION("regions"), GLOBAL("global");

  private final String segment;

  Scope(String segment) {
    this.segment = segment;
  }

  /** The scope's part of a resource path: {@code zones/us-central1-a}, {@code regions/us-central1}, {@code global}. */
  public String path(String name) {
    return this == GLOBAL ? segment : segment + "/" + name;
  }
}
