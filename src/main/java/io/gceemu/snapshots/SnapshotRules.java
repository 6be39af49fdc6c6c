package io.gceemu.snapshots;

import io.gceemu.disks.Disks;
import io.gceemu.gce.GceError;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceKey;
import io.gceemu.resource.ResourceRules;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code snapshots.insert}: a snapshot of the {@code sourceDisk} the body names, which must exist. */
final class SnapshotRules implements ResourceRules {

  @Override
  public List<ResourceKey> references(String project, JsonObject body, JsonObject params) {
    return sourceDisk(project, body).stream().toList();
  }

  @Override
  public JsonObject create(String project, JsonObject body, JsonObject params, Map<String, Resource> referenced, Instant now) {
    ResourceKey disk = sourceDisk(project, body).orElseThrow(() -> body.getString("sourceDisk") == null
      ? GceError.required("resource.sourceDisk")
      : GceError.invalidValue("resource.sourceDisk", body.getString("sourceDisk"), "The referenced disk resource cannot be found."));
    return Snapshots.fromDisk(ResourceRules.referenced(referenced, disk), body, "resource");
  }

  private static Optional<ResourceKey> sourceDisk(String project, JsonObject body) {
    return ResourceKey.parse(Disks.TYPE, body.getString("sourceDisk"), project);
  }
}
