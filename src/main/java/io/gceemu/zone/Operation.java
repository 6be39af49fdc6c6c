package io.gceemu.zone;

import java.time.Instant;

/**
 * A zonal operation. In this version every mutation completes before it is acknowledged, so an
 * operation is stored DONE with progress 100; it is still kept and served by zoneOperations, as
 * clients poll or wait on it.
 *
 * @param targetPath        relative path of the instance the operation acts on
 * @param clientOperationId the caller's {@code requestId}, echoed as real GCE does, or null
 */
public record Operation(
  long id,
  String name,
  String project,
  String zone,
  String operationType,
  String targetPath,
  long targetId,
  Instant insertTime,
  Instant startTime,
  Instant endTime,
  String clientOperationId) {

  public String path() {
    return "projects/" + project + "/zones/" + zone + "/operations/" + name;
  }
}
