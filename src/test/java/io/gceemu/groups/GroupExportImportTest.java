package io.gceemu.groups;

import io.gceemu.support.Http;
import io.gceemu.support.RunningEmulator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A group in the middle of a resize, exported, reset and imported again: the reset leaves nothing
 * that goes on making members, and the import brings back the group and the members it had, which
 * it then finishes, none twice.
 */
class GroupExportImportTest {

  private static final String ZONE = "europe-west4-a";

  @Test
  void aGroupExportedMidResizeCarriesOnWhereItWasOnceImported() throws Exception {
    JsonObject slow = new JsonObject().put("transitionMs", new JsonObject().put("insert.PROVISIONING", 1_000));
    String project = Http.newProject();
    String zonePath = Http.zonePath(project, ZONE);
    String group = zonePath + "/instanceGroupManagers/web";
    try (RunningEmulator emulator = RunningEmulator.start(slow)) {
      Http http = new Http(emulator.baseUrl());
      GroupFixtures.templateAndGroup(http, project, ZONE, 3);
      Set<String> made = members(http, zonePath);
      assertEquals(3, made.size(), made.toString());
      assertEquals(200, http.post(group + "/resize?size=5", "").status());
      JsonObject exported = http.get("/_emulator/export?project=" + project).json();
      assertTrue(exported.encode().contains("PROVISIONING"), "exported while its members are still being made");

      assertEquals(200, http.post("/_emulator/reset", "").status());
      Thread.sleep(2_000);
      assertEquals(404, http.get(group).status());
      assertEquals(0, http.get(zonePath + "/instances").json().getJsonArray("items", new JsonArray()).size(),
        "nothing goes on making members after a reset");

      Http.Response imported = http.post("/_emulator/import", exported);
      assertEquals(200, imported.status(), imported.body());
      long deadline = System.currentTimeMillis() + 15_000;
      JsonObject shown = http.get(group).json();
      while (!shown.getJsonObject("status").getBoolean("isStable")) {
        assertTrue(System.currentTimeMillis() < deadline, "never stable: " + shown.encode());
        Thread.sleep(50);
        shown = http.get(group).json();
      }
      assertEquals(5, shown.getInteger("targetSize"));
      Set<String> after = members(http, zonePath);
      assertEquals(5, after.size(), after.toString());
      assertTrue(after.containsAll(made), "the members it had come back as its own: " + made + " " + after);
      assertEquals(5, http.get(zonePath + "/instances").json().getJsonArray("items").size(), "no member twice, none lost");
    }
  }

  /** The group's members, by name, once it lists at least 3. */
  private static Set<String> members(Http http, String zonePath) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (true) {
      JsonArray managed = http.post(zonePath + "/instanceGroupManagers/web/listManagedInstances", "").json()
        .getJsonArray("managedInstances", new JsonArray());
      if (managed.size() >= 3) {
        Set<String> names = new TreeSet<>();
        managed.forEach(member -> names.add(((JsonObject) member).getString("name")));
        return names;
      }
      assertTrue(System.currentTimeMillis() < deadline, "only " + managed.size() + " members");
      Thread.sleep(20);
    }
  }
}
