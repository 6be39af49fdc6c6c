package io.gceemu.disks;

import io.gceemu.gce.GceError;
import io.gceemu.gce.Timestamps;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceType;
import io.gceemu.resource.Scope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Zonal persistent disks, declared: the shared verbs serve insert, get, list, aggregatedList,
 * delete and setLabels; {@code resize} and {@code createSnapshot} are their own. Which instances use a disk ({@code users})
 * is kept on the disk, and changed by the zone that owns both.
 */
public final class Disks {

  public static final String COLLECTION = "disks";

  public static final ResourceType TYPE = new ResourceType(COLLECTION, "compute#disk", Scope.ZONE,
    Set.of("zone", "type", "sourceImage", "licenses", "users", "sourceSnapshot"), true, false,
    List.of(new ResourceType.Verb("resize", "resizeDisk", true), new ResourceType.Verb("createSnapshot", "createSnapshot", true),
      new ResourceType.Verb("addResourcePolicies", "addResourcePolicies", true),
      new ResourceType.Verb("removeResourcePolicies", "removeResourcePolicies", true),
      // disks.update is GCE's PATCH of the disk, of the fields its updateMask names.
      new ResourceType.Verb(ResourceType.UPDATE, "update", true, "PATCH"),
      new ResourceType.Verb("startAsyncReplication", "startAsyncReplication", true),
      new ResourceType.Verb("stopAsyncReplication", "stopAsyncReplication", false), ResourceType.UPDATE_KMS_KEY),
    List.of(new ResourceType.Making("CREATING", 2_000)), DiskRules::new);

  private Disks() {
  }

  /** The instances a disk is attached to, as relative paths. */
  public static List<String> users(Resource disk) {
    return disk.document().getJsonArray("users", new JsonArray()).stream().map(String.class::cast).toList();
  }

  /** The disk attached to one more instance, as GCE records it: a user, and when it was attached. */
  public static Resource attached(Resource disk, String instancePath, Instant now) {
    JsonArray users = disk.document().getJsonArray("users", new JsonArray()).copy().add(instancePath);
    return disk.with(disk.document().copy().put("users", users).put("lastAttachTimestamp", Timestamps.format(now)));
  }

  /** The disk detached from an instance: no longer a user, and when it was detached. */
  public static Resource detached(Resource disk, String instancePath, Instant now) {
    JsonArray users = new JsonArray(users(disk).stream().filter(user -> !user.equals(instancePath)).map(Object.class::cast).toList());
    JsonObject document = disk.document().copy().put("lastDetachTimestamp", Timestamps.format(now));
    if (users.isEmpty()) {
      document.remove("users");
    } else {
      document.put("users", users);
    }
    return disk.with(document);
  }

  /** GCE's refusal to attach, or delete, a disk an instance uses. */
  public static GceError inUse(Resource disk) {
    return new GceError(400, "resourceInUseByAnotherResource",
      "The disk resource '" + disk.path() + "' is already being used by '" + users(disk).get(0) + "'");
  }

  public static long sizeGb(Resource disk) {
    return Long.parseLong(disk.document().getString("sizeGb"));
  }
}
