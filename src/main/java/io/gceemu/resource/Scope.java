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

  /** The scope a resource path is in: {@code projects/p/global/addresses/a} is GLOBAL's. */
  public static Scope ofPath(String path) {
    String[] segments = path.split("/");
    String segment = segments.length > 2 ? segments[2] : "";
    return segment.equals("zones") ? ZONE : segment.equals("regions") ? REGION : GLOBAL;
  }

  /** The scope's part of a resource path: {@code zones/us-central1-a}, {@code regions/us-central1}, {@code global}. */
  public String path(String name) {
    return this == GLOBAL ? segment : segment + "/" + name;
  }
}
