package io.gceemu.gce;

/**
 * Turns relative resource paths ({@code projects/p/zones/z}) into the full URLs GCE returns, and
 * accepts the three forms a caller may send: full URL, {@code projects/...} or a scope-relative
 * partial such as {@code zones/z/machineTypes/t}.
 */
public final class Links {

  private final String base;

  public Links(String base) {
    this.base = base;
  }

  public String of(String relativePath) {
    return base + relativePath;
  }

  public static String zone(String project, String zone) {
    return "projects/" + project + "/zones/" + zone;
  }

  public static String region(String project, String region) {
    return "projects/" + project + "/regions/" + region;
  }

  public static String instance(String project, String zone, String name) {
    return zone(project, zone) + "/instances/" + name;
  }

  public static String operation(String project, String zone, String name) {
    return zone(project, zone) + "/operations/" + name;
  }

  public static String machineType(String project, String zone, String name) {
    return zone(project, zone) + "/machineTypes/" + name;
  }

  /** The last path segment of a reference in any accepted form. */
  public static String lastSegment(String reference) {
    String trimmed = reference.endsWith("/") ? reference.substring(0, reference.length() - 1) : reference;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  /**
   * The value of {@code collection} in a reference, e.g. {@code zones} in
   * {@code .../zones/us-central1-a/machineTypes/e2-micro}, or null when it names none.
   */
  public static String segmentAfter(String reference, String collection) {
    String[] parts = reference.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].equals(collection)) {
        return parts[i + 1];
      }
    }
    return null;
  }
}
