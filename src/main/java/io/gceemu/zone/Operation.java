package io.gceemu.zone;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A zonal operation: PENDING → RUNNING → DONE while it takes its instance through the phases of
 * {@link Lifecycle}. Immutable; each step makes a new record, stored before it is shown. A global
 * operation ({@code projects.setCommonInstanceMetadata}) has no zone, as on GCE, and is DONE at once.
 *
 * @param zone              the zone, or null for a global operation
 * @param targetPath        relative path of the instance the operation acts on
 * @param phase             index of the current phase in {@link Lifecycle#phases}
 * @param dueAt             in {@code time} progression, when the next phase begins; null otherwise
 * @param clientOperationId the caller's {@code requestId}, echoed as real GCE does, or null
 * @param error             for an operation that ended in error: {@code code}, {@code message},
 *                          {@code httpStatus}; null otherwise
 */
public record Operation(
  long id,
  String name,
  String project,
  String zone,
  String operationType,
  String targetPath,
  long targetId,
  String status,
  int phase,
  Progression progression,
  Instant dueAt,
  Instant insertTime,
  Instant startTime,
  Instant endTime,
  String clientOperationId,
  JsonObject error) {

  public static final String RUNNING = "RUNNING";
  public static final String DONE = "DONE";

  public String path() {
    return (zone == null ? "projects/" + project + "/global" : "projects/" + project + "/zones/" + zone) + "/operations/" + name;
  }

  public boolean done() {
    return DONE.equals(status);
  }

  /** The operation in phase {@code newPhase}, whose end is due at {@code due} (time progression). */
  public Operation atPhase(int newPhase, Instant due) {
    return new Operation(id, name, project, zone, operationType, targetPath, targetId, status, newPhase, progression, due,
      insertTime, startTime, endTime, clientOperationId, error);
  }

  /** The operation carrying on under another progression, from the phase it is in. */
  public Operation under(Progression next) {
    return new Operation(id, name, project, zone, operationType, targetPath, targetId, status, phase, next, dueAt,
      insertTime, startTime, endTime, clientOperationId, error);
  }

  public Operation finished(Instant now) {
    return new Operation(id, name, project, zone, operationType, targetPath, targetId, DONE, phase, progression, null,
      insertTime, startTime, now, clientOperationId, error);
  }

  /** DONE, having failed with {@code failure} ({@code code}, {@code message}, {@code httpStatus}). */
  public Operation failed(Instant now, JsonObject failure) {
    return new Operation(id, name, project, zone, operationType, targetPath, targetId, DONE, phase, progression, null,
      insertTime, startTime, now, clientOperationId, failure);
  }
}
