package io.gceemu.gce;

/**
 * Turns relative resource paths ({@code projects/p/zones/z}) into the full URLs GCE returns, and
 * accepts the three forms a caller may send: full URL, {@code projects/...} or a scope-relative
 * partial such as {@code zones/z/machineTypes/t}. GCE's links name the API version the request
 * came through ({@code .../compute/beta/projects/...} for a beta request), so each version has
 * its own base, derived from the configured one, which is v1's.
 */
public final class Links {

  private final String v1Base;
  private final ApiVersion version;
  private final String base;

  /** @param v1Base the configured link base, v1's ({@code https://www.googleapis.com/compute/v1/}) */
  public Links(String v1Base) {
    this(v1Base, ApiVersion.V1);
  }

  private Links(String v1Base, ApiVersion version) {
    this.v1Base = v1Base;
    this.version = version;
    this.base = base(v1Base, version);
  }

  /** The links of another version of the API. */
  public Links in(ApiVersion other) {
    return other == version ? this : new Links(v1Base, other);
  }

  /**
   * A version's base is v1's with its last {@code v1} segment replaced by the version's
   * ({@code .../compute/v1/} becomes {@code .../compute/beta/}). A configured base with no
   * {@code v1} segment names no version, and serves every version as it is.
   */
  static String base(String v1Base, ApiVersion version) {
    String segment = "/" + ApiVersion.V1.path() + "/";
    int at = v1Base.lastIndexOf(segment);
    if (version == ApiVersion.V1 || at < 0) {
      return v1Base;
    }
    return v1Base.substring(0, at) + "/" + version.path() + "/" + v1Base.substring(at + segment.length());
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

  /** A reference in any accepted form as a relative path, from its {@code projects/} on; one without a project as it is. */
  public static String relative(String reference) {
    int at = reference.startsWith("projects/") ? 0 : reference.indexOf("/projects/");
    return at < 0 ? reference : reference.substring(at == 0 ? 0 : at + 1);
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
