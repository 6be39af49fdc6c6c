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
 * A group's intent is stored, its members are instances: a resize in progress when the emulator
 * stops (or a rolling update) carries on after it starts again, without duplicating or losing a member.
 */
class GroupRestartTest {

  private static final String ZONE = "europe-west4-a";

  @Test
  void aResizeInProgressCarriesOnAfterARestart() throws Exception {
    JsonObject slow = new JsonObject().put("transitionMs", new JsonObject().put("insert.PROVISIONING", 1_500));
    String project = Http.newProject();
    String zonePath = Http.zonePath(project, ZONE);
    String group = zonePath + "/instanceGroupManagers/web";
    Set<String> before;
    try (RunningEmulator first = RunningEmulator.start(slow)) {
      Http http = new Http(first.baseUrl());
      GroupFixtures.templateAndGroup(http, project, ZONE, 3);
      before = members(http, zonePath, 3);
      JsonObject working = http.get(group).json();
      assertEquals(3, working.getJsonObject("currentActions").getInteger("creating"), working.encode());
      assertEquals(false, working.getJsonObject("status").getBoolean("isStable"));
      // Resized again just before it stops: the new target is stored with the operation, the members not yet made.
      assertEquals(200, http.post(group + "/resize?size=5", "").status());
    }
    try (RunningEmulator second = RunningEmulator.startKeepingData(new JsonObject())) {
      Http http = new Http(second.baseUrl());
      long deadline = System.currentTimeMillis() + 15_000;
      JsonObject status = http.get(group).json();
      while (!status.getJsonObject("status").getBoolean("isStable")) {
        assertTrue(System.currentTimeMillis() < deadline, "never stable: " + status.encode());
        Thread.sleep(50);
        status = http.get(group).json();
      }
      Set<String> after = members(http, zonePath, 5);
      assertTrue(after.containsAll(before), "the members made before the restart are still the group's: " + before + " " + after);
      assertEquals(5, http.get(zonePath + "/instanceGroups/web").json().getInteger("size"));
    }
  }

  @Test
  void aRollingUpdateInProgressCarriesOnAfterARestart() throws Exception {
    JsonObject slow = new JsonObject().put("transitionMs", new JsonObject().put("insert.PROVISIONING", 800));
    String project = Http.newProject();
    String zonePath = Http.zonePath(project, ZONE);
    String group = zonePath + "/instanceGroupManagers/web";
    String templates = "/compute/v1/projects/" + project + "/global/instanceTemplates";
    Set<String> old;
    try (RunningEmulator first = RunningEmulator.start(slow)) {
      Http http = new Http(first.baseUrl());
      for (String template : new String[] {"t1", "t2"}) {
        assertEquals(200, http.post(templates, new JsonObject().put("name", template)
          .put("properties", new JsonObject().put("machineType", "e2-micro"))).status());
      }
      assertEquals(200, http.post(zonePath + "/instanceGroupManagers", new JsonObject().put("name", "web")
        .put("instanceTemplate", "global/instanceTemplates/t1").put("targetSize", 4)).status());
      old = members(http, zonePath, 4);
      GroupFixtures.stable(http, group);
      assertEquals(200, http.method("PATCH", group, new JsonObject().put("updatePolicy", new JsonObject().put("type", "PROACTIVE")
          .put("maxSurge", new JsonObject().put("fixed", 1)).put("maxUnavailable", new JsonObject().put("fixed", 0)))
        .put("versions", new JsonArray().add(new JsonObject().put("name", "v2").put("instanceTemplate", "global/instanceTemplates/t2")))
        .encode()).status());
      // Stopped while the first new member is still being made.
      long deadline = System.currentTimeMillis() + 10_000;
      while (http.post(group + "/listManagedInstances", "").json().getJsonArray("managedInstances").size() < 5) {
        assertTrue(System.currentTimeMillis() < deadline, "the rollout never began");
        Thread.sleep(20);
      }
      assertEquals(false, http.get(group).json().getJsonObject("status").getJsonObject("versionTarget").getBoolean("isReached"));
    }
    try (RunningEmulator second = RunningEmulator.startKeepingData(new JsonObject())) {
      Http http = new Http(second.baseUrl());
      long deadline = System.currentTimeMillis() + 20_000;
      JsonObject status = http.get(group).json();
      while (!(status.getJsonObject("status").getBoolean("isStable")
        && status.getJsonObject("status").getJsonObject("versionTarget").getBoolean("isReached"))) {
        assertTrue(System.currentTimeMillis() < deadline, "the rollout never finished: " + status.encode());
        Thread.sleep(50);
        status = http.get(group).json();
      }
      JsonArray managed = http.post(group + "/listManagedInstances", "").json().getJsonArray("managedInstances");
      assertEquals(4, managed.size(), managed.encode());
      managed.forEach(member -> {
        assertTrue(((JsonObject) member).getJsonObject("version").getString("instanceTemplate").endsWith("/t2"), managed.encode());
        assertTrue(!old.contains(((JsonObject) member).getString("name")), "every old member was replaced: " + managed.encode());
      });
      assertEquals(4, http.get(zonePath + "/instances").json().getJsonArray("items").size(), "none left over, none twice");
    }
  }

  /** The group's members once there are {@code count} of them, by name. */
  private static Set<String> members(Http http, String zonePath, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (true) {
      JsonArray managed = http.post(zonePath + "/instanceGroupManagers/web/listManagedInstances", "").json()
        .getJsonArray("managedInstances", new JsonArray());
      if (managed.size() >= count) {
        Set<String> names = new TreeSet<>();
        managed.forEach(member -> {
          String link = ((JsonObject) member).getString("instance");
          names.add(link.substring(link.lastIndexOf('/') + 1));
        });
        assertEquals(count, names.size(), "no member twice: " + names);
        return names;
      }
      assertTrue(System.currentTimeMillis() < deadline, "only " + managed.size() + " members");
      Thread.sleep(20);
    }
  }
}
