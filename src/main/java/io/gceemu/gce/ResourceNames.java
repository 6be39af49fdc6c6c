package io.gceemu.gce;

import java.util.regex.Pattern;

/** The naming rules of GCE resources and the exact error texts when a name breaks them. */
public final class ResourceNames {

  /** RFC 1035 as GCE states it in its error messages; consecutive hyphens are legal. */
  public static final String NAME_REGEX = "(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)";
  private static final Pattern NAME = Pattern.compile(NAME_REGEX);

  /** The project id pattern of the discovery document (optionally domain-scoped, or a project number). */
  public static final String PROJECT_REGEX =
    "(?:(?:[-a-z0-9]{1,63}\\.)*(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?):)?(?:[0-9]{1,19}|(?:[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?))";
  private static final Pattern PROJECT = Pattern.compile(PROJECT_REGEX);

  private ResourceNames() {
  }

  public static boolean isName(String value) {
    return NAME.matcher(value).matches();
  }

  public static boolean isProject(String value) {
    return PROJECT.matcher(value).matches();
  }

  public static void requireName(String field, String value) {
    if (!isName(value)) {
      throw GceError.invalidValue(field, value, "Must be a match of regex '" + NAME_REGEX + "'");
    }
  }

  public static void requireProject(String value) {
    if (!isProject(value)) {
      throw GceError.invalidValue("project", value, "Must be a match of regex '" + PROJECT_REGEX + "'");
    }
  }
}
