package io.gceemu.zone;

import io.gceemu.gce.Ids;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A zonal operation: PENDING → RUNNING → DONE while it takes its instance through the phases of
 * {@link Lifecycle}. Immutable; each step makes a new record, stored before it is shown. A global
 * operation ({@code projects.setCommonInstanceMetadata}) has neither zone nor region, as on GCE; a
 * regional one has its region.
 *
 * @param zone              the zone, or null for a regional or global operation
 * @param region            the region of a regional operation, or null
 * @param targetPath        relative path of the instance the operation acts on
 * @param phase             index of the current phase in {@link Lifecycle#phases}
 * @param dueAt             in {@code time} progression, when the next phase begins; null otherwise
 * @param clientOperationId the caller's {@code requestId}, echoed as real GCE does, or null
 * @param error             for an operation that ended in error: {@code code}, {@code message},
 *                          {@code httpStatus}; null otherwise
 * @param groupId           GCE's {@code operationGroupId}: a bulkInsert's operation and those of the
 *                          inserts it made share one; null otherwise
 */
public record Operation(
  long id,
  String name,
  String project,
  String zone,
  String region,
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
  JsonObject error,
  String groupId) {

  public static final String RUNNING = "RUNNING";
  public static final String DONE = "DONE";

  /** A new operation, RUNNING from {@code now} in its first phase; a fresh id and a name of GCE's shape. */
  public static Operation begin(String project, String zone, String region, String operationType, String targetPath, long targetId,
                                Progression progression, String requestId, Instant now) {
    return new Operation(Ids.newResourceId(), Ids.newOperationName(now.toEpochMilli()), project, zone, region, operationType, targetPath,
      targetId, RUNNING, 0, progression, null, now, now, null, requestId, null, null);
  }

  /** The operation as one of a group's: a bulkInsert's. */
  public Operation inGroup(String group) {
    return new Operation(id, name, project, zone, region, operationType, targetPath, targetId, status, phase, progression, dueAt,
      insertTime, startTime, endTime, clientOperationId, error, group);
  }

  public String path() {
    return "projects/" + project + "/" + scope() + "/operations/" + name;
  }

  /** The scope as GCE names it in paths: {@code zones/Z}, {@code regions/R} or {@code global}. */
  public String scope() {
    return zone != null ? "zones/" + zone : region != null ? "regions/" + region : "global";
  }

  public boolean done() {
    return DONE.equals(status);
  }

  /** The operation in phase {@code newPhase}, whose end is due at {@code due} (time progression). */
  public Operation atPhase(int newPhase, Instant due) {
    return new Operation(id, name, project, zone, region, operationType, targetPath, targetId, status, newPhase, progression, due,
      insertTime, startTime, endTime, clientOperationId, error, groupId);
  }

  /** The operation carrying on under another progression, from the phase it is in. */
  public Operation under(Progression next) {
    return new Operation(id, name, project, zone, region, operationType, targetPath, targetId, status, phase, next, dueAt,
      insertTime, startTime, endTime, clientOperationId, error, groupId);
  }

  public Operation finished(Instant now) {
    return new Operation(id, name, project, zone, region, operationType, targetPath, targetId, DONE, phase, progression, null,
      insertTime, startTime, now, clientOperationId, error, groupId);
  }

  /** DONE, having failed with {@code failure} ({@code code}, {@code message}, {@code httpStatus}). */
  public Operation failed(Instant now, JsonObject failure) {
    return new Operation(id, name, project, zone, region, operationType, targetPath, targetId, DONE, phase, progression, null,
      insertTime, startTime, now, clientOperationId, failure, groupId);
  }
}
