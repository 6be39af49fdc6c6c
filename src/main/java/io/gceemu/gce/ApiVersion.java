package io.gceemu.gce;

import java.util.Optional;

/**
 * The versions of the Compute Engine API the emulator serves, each under {@code /compute/<path>/}.
 * GCE serves the same collections and methods under each; a version differs in the links it
 * answers with (they name the version the request came through) and in the fields its schema has
 * (see {@link VersionFields}). Alpha is not served.
 */
public enum ApiVersion {
  V1("v1"),
  BETA("beta");

  private final String path;

  ApiVersion(String path) {
    this.path = path;
  }

  /** The version's segment in URLs: {@code v1}, {@code beta}. */
  public String path() {
    return path;
  }

  public static Optional<ApiVersion> fromPath(String segment) {
    for (ApiVersion version : values()) {
      if (version.path.equals(segment)) {
        return Optional.of(version);
      }
    }
    return Optional.empty();
  }

  /**
   * The version a bus message names in its {@code "version"} field: v1 when it names none, as
   * bus callers of the public API do.
   */
  public static ApiVersion ofMessage(String path) {
    if (path == null) {
      return V1;
    }
    return fromPath(path).orElseThrow(() -> new GceError(400, "invalid", "Unknown API version '" + path + "'."));
  }
}
