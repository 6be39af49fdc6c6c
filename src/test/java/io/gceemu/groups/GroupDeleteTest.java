package io.gceemu.groups;

import io.gceemu.support.Http;
import io.gceemu.support.RunningEmulator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A zonal group's delete runs as GCE's does: its operation is RUNNING while the members go (the
 * group shows them deleting, its instance group's size shrinks, as Terraform watches it), DONE
 * when none is left; a restart in the middle carries it on to the end.
 */
class GroupDeleteTest {

  private static final String ZONE = "europe-west4-a";

  @Test
  void aGroupsDeleteEndsWhenItsMembersAreGoneAndCarriesOnAfterARestart() throws Exception {
    JsonObject slow = new JsonObject().put("transitionMs", new JsonObject().put("delete.STOPPING", 1_500));
    String project = Http.newProject();
    String zonePath = Http.zonePath(project, ZONE);
    String group = zonePath + "/instanceGroupManagers/web";
    String operation;
    try (RunningEmulator first = RunningEmulator.start(slow)) {
      Http http = new Http(first.baseUrl());
      GroupFixtures.templateAndGroup(http, project, ZONE, 3);
      GroupFixtures.stable(http, group);
      JsonObject deleting = http.delete(group).json();
      assertEquals("RUNNING", deleting.getString("status"), deleting.encode());
      assertEquals("compute.instanceGroupManagers.delete", deleting.getString("operationType"));
      operation = deleting.getString("name");
      Thread.sleep(200);
      JsonObject shown = http.get(group).json();
      assertEquals(3, shown.getJsonObject("currentActions").getInteger("deleting"), shown.encode());
      assertEquals(false, shown.getJsonObject("status").getBoolean("isStable"));
      assertEquals(3, http.get(zonePath + "/instanceGroups/web").json().getInteger("size"), "Terraform watches the size shrink");
      Http.Response refused = http.post(group + "/resize?size=5", "");
      assertEquals(400, refused.status(), refused.body());
      assertEquals("resourceNotReady", refused.reason());
    }
    try (RunningEmulator second = RunningEmulator.startKeepingData(new JsonObject())) {
      Http http = new Http(second.baseUrl());
      JsonObject done = http.post(zonePath + "/operations/" + operation + "/wait", "").json();
      long deadline = System.currentTimeMillis() + 15_000;
      while (!"DONE".equals(done.getString("status"))) {
        assertTrue(System.currentTimeMillis() < deadline, "the delete never ended: " + done.encode());
        done = http.post(zonePath + "/operations/" + operation + "/wait", "").json();
      }
      assertEquals(404, http.get(group).status());
      assertEquals(404, http.get(zonePath + "/instanceGroups/web").status());
      assertEquals(0, http.get(zonePath + "/instances").json().getJsonArray("items", new JsonArray()).size(),
        "its members are gone when its delete is DONE");
      assertEquals(200, http.delete("/compute/v1/projects/" + project + "/global/instanceTemplates/t").status(), "no group uses it now");
    }
  }
}
