package io.gceemu.snapshots;

import io.gceemu.gce.Labels;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * Snapshots, declared: global resources made from a zonal disk, by the disk's zone
 * ({@code disks.createSnapshot}, a zonal operation on the disk) or by the global owner
 * ({@code snapshots.insert}); the shared verbs serve get, list, delete and setLabels.
 */
public final class Snapshots {

  public static final String COLLECTION = "snapshots";

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#snapshot", Scope.GLOBAL,
    Set.of("sourceDisk", "licenses"), true, false, List.of(ResourceType.UPDATE_KMS_KEY),
    List.of(new ResourceType.Making("CREATING", 3_000), new ResourceType.Making("UPLOADING", 7_000)), scope -> new SnapshotRules());

  /** What a snapshot keeps of its disk, and a disk restored from it gets back. */
  private static final List<String> KEPT = List.of("licenses", "licenseCodes", "architecture");

  private Snapshots() {
  }

  /**
   * A snapshot of {@code disk} as GCE shows one that is READY: the disk's size, licenses and
   * architecture, stored in the multi-region of the disk's zone unless the body names locations.
   *
   * @param field how GCE names the body in its errors ({@code resource})
   */
  public static JsonObject fromDisk(Resource disk, JsonObject body, String field) {
    JsonObject from = disk.document();
    JsonObject document = new JsonObject();
    if (body.getString("description") != null) {
      document.put("description", body.getString("description"));
    }
    document.put("status", "READY").put("sourceDisk", disk.path()).put("sourceDiskId", Long.toString(disk.id()))
      .put("diskSizeGb", from.getString("sizeGb")).put("storageBytes", "0").put("storageBytesStatus", "UP_TO_DATE")
      .put("creationSizeBytes", "0");
    document.mergeIn(Resource.pick(from, KEPT));
    JsonObject labels = Labels.checked(field + ".", body.getJsonObject("labels"));
    if (!labels.isEmpty()) {
      document.put("labels", labels);
    }
    JsonArray locations = body.getJsonArray("storageLocations");
    return document.put("storageLocations", locations != null && !locations.isEmpty() ? locations.copy()
        : new JsonArray().add(multiRegion(disk.scope())))
      .put("snapshotType", body.getString("snapshotType", "STANDARD"))
      .put("enableConfidentialCompute", false);
  }

  /** Where GCE keeps a snapshot by default: the multi-region of the disk's zone ({@code us}, {@code eu}, {@code asia}). */
  private static String multiRegion(String diskScope) {
    String zone = diskScope.substring(diskScope.indexOf('/') + 1);
    return zone.startsWith("europe-") ? "eu" : zone.startsWith("asia-") ? "asia" : "us";
  }
}
