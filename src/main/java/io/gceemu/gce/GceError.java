package io.gceemu.gce;

import java.util.List;

/**
 * A failure as Compute Engine reports it: an HTTP status, a reason code and a message. It travels
 * over the event bus as a reply failure and becomes Google's error envelope at the HTTP edge.
 */
public final class GceError extends RuntimeException {

  private final int status;
  private final String reason;

  private static final String NOT_OWNER = "notOwner";

  public GceError(int status, String reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  public static GceError notFound(String resourcePath) {
    return new GceError(404, "notFound", "The resource '" + resourcePath + "' was not found");
  }

  public static GceError alreadyExists(String resourcePath) {
    return new GceError(409, "alreadyExists", "The resource '" + resourcePath + "' already exists");
  }

  public static GceError notReady(String resourcePath) {
    return new GceError(400, "resourceNotReady", "The resource '" + resourcePath + "' is not ready");
  }

  public static GceError invalidValue(String field, Object value, String why) {
    return new GceError(400, "invalid", "Invalid value for field '" + field + "': '" + value + "'. " + why);
  }

  public static GceError required(String field) {
    return required(List.of(field));
  }

  /** None of {@code fields} is specified, and any one of them would do: {@code 'a', 'b' or 'c'}. */
  public static GceError required(List<String> fields) {
    List<String> quoted = fields.stream().map(field -> "'" + field + "'").toList();
    String named = quoted.size() == 1 ? quoted.get(0)
      : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
    return new GceError(400, "required", "Required field " + named + " not specified");
  }

  public static GceError conditionNotMet(String message) {
    return new GceError(412, "conditionNotMet", message);
  }

  public static GceError backendError(String message) {
    return new GceError(503, "backendError", message);
  }

  /**
   * A node asked for a zone it no longer owns. Never meant for an API caller: routers retry it
   * until the zone's new owner answers, and answer {@link #backendError} if none does in time.
   */
  public static GceError notOwner(String zone) {
    return new GceError(503, NOT_OWNER, "This node no longer serves zone " + zone + ".");
  }

  public boolean isNotOwner() {
    return NOT_OWNER.equals(reason());
  }
}
