package io.gceemu.groups;

import io.gceemu.support.Http;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the tests of one group over raw HTTP start from: template {@code t} and zonal group {@code web} made from it. */
final class GroupFixtures {

  private GroupFixtures() {
  }

  /** Template {@code t} (e2-micro) and group {@code web} of {@code size} members made from it. */
  static void templateAndGroup(Http http, String project, String zone, int size) {
    assertEquals(200, http.post("/compute/v1/projects/" + project + "/global/instanceTemplates", new JsonObject().put("name", "t")
      .put("properties", new JsonObject().put("machineType", "e2-micro"))).status());
    assertEquals(200, http.post(Http.zonePath(project, zone) + "/instanceGroupManagers", new JsonObject().put("name", "web")
      .put("instanceTemplate", "global/instanceTemplates/t").put("targetSize", size)).status());
  }

  /** Once the group's GET shows it stable, within 15 s. */
  static void stable(Http http, String group) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (!http.get(group).json().getJsonObject("status").getBoolean("isStable")) {
      assertTrue(System.currentTimeMillis() < deadline, "never stable: " + http.get(group).body());
      Thread.sleep(20);
    }
  }
}
