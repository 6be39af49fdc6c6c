package io.gceemu.zone;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One copy of the JSON values most instances have alike (empty label maps, tag and metadata
 * lists, the default scheduling and deletion protection), shared by every instance that has them:
 * a zone holds many thousands of instances. Shared values are never changed in place; every
 * change of an instance builds new ones.
 */
final class SharedJson {

  static final JsonObject EMPTY_OBJECT = new JsonObject();
  static final JsonArray EMPTY_ARRAY = new JsonArray();
  /** GCE's defaults, as its GETs show them; the public images are all shielded-VM images. */
  static final JsonObject DEFAULT_ATTRIBUTES = new JsonObject()
    .put("deletionProtection", false)
    .put("scheduling", new JsonObject().put("onHostMaintenance", "MIGRATE").put("automaticRestart", true)
      .put("preemptible", false).put("provisioningModel", "STANDARD"))
    .put("shieldedInstanceConfig", new JsonObject().put("enableSecureBoot", false).put("enableVtpm", true)
      .put("enableIntegrityMonitoring", true))
    .put("shieldedInstanceIntegrityPolicy", new JsonObject().put("updateAutoLearnPolicy", true));
  /** A preemptible VM's scheduling, as GCE shows it: no provisioningModel. */
  static final JsonObject PREEMPTIBLE_SCHEDULING = new JsonObject().put("onHostMaintenance", "TERMINATE")
    .put("automaticRestart", false).put("preemptible", true);

  private SharedJson() {
  }

  static JsonObject object(JsonObject value) {
    if (value.isEmpty()) {
      return EMPTY_OBJECT;
    }
    return value.equals(DEFAULT_ATTRIBUTES) ? DEFAULT_ATTRIBUTES : value;
  }

  static JsonArray array(JsonArray value) {
    return value.isEmpty() ? EMPTY_ARRAY : value;
  }
}
