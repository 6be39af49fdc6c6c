package io.gceemu.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Request bodies shaped as the official clients send them. */
public final class Bodies {

  private Bodies() {
  }

  /** The smallest insert GCE accepts from gcloud: a name, a machine type, a boot disk, nic0. */
  public static JsonObject instance(String name, String zone) {
    return new JsonObject()
      .put("name", name)
      .put("machineType", "zones/" + zone + "/machineTypes/e2-medium")
      .put("disks", new JsonArray().add(new JsonObject().put("boot", true).put("autoDelete", true).put("type", "PERSISTENT")
        .put("initializeParams", new JsonObject()
          .put("sourceImage", "projects/debian-cloud/global/images/family/debian-12").put("diskSizeGb", "10"))))
      .put("networkInterfaces", new JsonArray().add(new JsonObject().put("network", "global/networks/default")));
  }

  public static JsonObject instanceWithEverything(String name, String zone) {
    return instance(name, zone)
      .put("labels", new JsonObject().put("env", "dev").put("team", "core"))
      .put("tags", new JsonObject().put("items", new JsonArray().add("http-server").add("web")))
      .put("metadata", new JsonObject().put("items", new JsonArray()
        .add(new JsonObject().put("key", "startup-script").put("value", "echo hi"))
        .add(new JsonObject().put("key", "owner").put("value", "tests"))));
  }
}
