package io.gceemu.api;

import io.gceemu.Emulator;
import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.LogCapture;
import io.gceemu.support.RunningEmulator;
import io.gceemu.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Export, reset, import: every instance and operation comes back exactly; --seed does it at start, and says so. */
class StateExportImportTest {

  private static final String ZONE = "us-central1-a";

  @Test
  void anExportImportedIntoAnEmptyEmulatorGivesBackExactlyWhatWasThere(@TempDir Path dir) throws Exception {
    Path seed = dir.resolve("state.json");
    JsonObject vm1;
    JsonObject vm2;
    JsonObject vm3;
    JsonObject operation;
    JsonObject exported;
    try (RunningEmulator emulator = RunningEmulator.start()) {
      Http http = new Http(emulator.baseUrl());
      String a = Http.zonePath("export-a", ZONE) + "/instances";
      String b = Http.zonePath("export-b", "europe-west1-b") + "/instances";
      http.post(a, Bodies.instanceWithEverything("vm-1", ZONE));
      http.post(a, Bodies.instance("vm-2", ZONE));
      String stop = http.post(a + "/vm-2/stop", "").json().getString("name");
      http.post(b, Bodies.instance("vm-3", "europe-west1-b"));
      vm1 = http.get(a + "/vm-1").json();
      vm2 = http.get(a + "/vm-2").json();
      vm3 = http.get(b + "/vm-3").json();
      operation = http.get(Http.zonePath("export-a", ZONE) + "/operations/" + stop).json();
      String project = "/compute/v1/projects/export-a";
      String metadataOperation = project + "/global/operations/" + http.post(project + "/setCommonInstanceMetadata", new JsonObject()
        .put("fingerprint", http.get(project).json().getJsonObject("commonInstanceMetadata").getString("fingerprint"))
        .put("items", new JsonArray().add(new JsonObject().put("key", "ssh-keys").put("value", "me:ssh-ed25519 AAAA")))).json().getString("name");
      JsonObject globalOperation = http.get(metadataOperation).json();
      JsonObject metadata = http.get(project).json().getJsonObject("commonInstanceMetadata");
      http.post(Http.zonePath("export-a", ZONE) + "/disks/vm-1/createSnapshot", new JsonObject().put("name", "snap"));
      JsonObject bootDisk = http.get(Http.zonePath("export-a", ZONE) + "/disks/vm-1").json();
      JsonObject snapshot = http.get(project + "/global/snapshots/snap").json();
      http.post(a + "/vm-1/setIamPolicy", new JsonObject().put("policy", new JsonObject().put("bindings", new JsonArray()
        .add(new JsonObject().put("role", "roles/viewer").put("members", new JsonArray().add("user:ana@example.com"))))));
      JsonObject policy = http.get(a + "/vm-1/getIamPolicy").json();
      http.post(project + "/setDefaultNetworkTier", new JsonObject().put("networkTier", "STANDARD"));

      JsonObject all = http.get("/_emulator/export").json();
      assertEquals("gce-emulator#state", all.getString("kind"));
      assertEquals(3, instances(all), "instances travel among the resources");
      assertEquals(2, instances(http.get("/_emulator/export?project=export-a").json()));

      assertEquals(200, http.post("/_emulator/reset", "").status());
      assertEquals(404, http.get(a + "/vm-1").status());
      assertEquals(404, http.get(project + "/global/snapshots/snap").status(), "a reset empties the global scope too");
      Http.Response imported = http.post("/_emulator/import", all);
      assertEquals(200, imported.status(), imported.body());
      assertEquals(3, imported.json().getInteger("imported"));
      assertEquals(vm1, http.get(a + "/vm-1").json());
      assertEquals(vm2, http.get(a + "/vm-2").json());
      assertEquals(vm3, http.get(b + "/vm-3").json());
      assertEquals(operation, http.get(Http.zonePath("export-a", ZONE) + "/operations/" + stop).json());
      assertEquals(globalOperation, http.get(metadataOperation).json(), "global operations travel too");
      assertEquals(metadata, http.get(project).json().getJsonObject("commonInstanceMetadata"));
      assertEquals(bootDisk, http.get(Http.zonePath("export-a", ZONE) + "/disks/vm-1").json(), "disks travel too");
      assertEquals(snapshot, http.get(project + "/global/snapshots/snap").json(), "and snapshots");
      assertEquals(policy, http.get(a + "/vm-1/getIamPolicy").json(), "and IAM policies");
      assertEquals("STANDARD", http.get(project).json().getString("defaultNetworkTier"), "and the project's settings");

      Http.Response again = http.post("/_emulator/import", all);
      assertEquals(409, again.status(), again.body());
      // Addresses came back too: a new instance does not get one already in use.
      http.post(a, Bodies.instance("vm-4", ZONE));
      assertNotEquals(ip(vm1), ip(http.get(a + "/vm-4").json()));
      assertEquals(400, http.post("/_emulator/import", "{\"kind\":\"something else\"}").status());
      Files.writeString(seed, all.encode());
      exported = all;
    }

    TestDatabase.truncate();
    JsonObject withSeed = new JsonObject().put("seed", seed.toString());
    List<String> seeding = LogCapture.during(Emulator.class.getName(), () -> {
      try (RunningEmulator seeded = RunningEmulator.startKeepingData(withSeed)) {
        Http http = new Http(seeded.baseUrl());
        assertEquals(vm1, http.get(Http.zonePath("export-a", ZONE) + "/instances/vm-1").json());
        assertEquals(vm3, http.get(Http.zonePath("export-b", "europe-west1-b") + "/instances/vm-3").json());
      }
    });
    assertEquals(List.of("seeded from " + seed + ": " + exported.getJsonArray("projects").size() + " projects, 3 instances, "
      + exported.getJsonArray("operations").size() + " operations"), seeding);
    List<String> restart = LogCapture.during(Emulator.class.getName(), () -> RunningEmulator.startKeepingData(withSeed).close());
    assertEquals(1, restart.size(), restart.toString());
    assertTrue(restart.get(0).startsWith("not seeded from " + seed + ": the emulator already holds instances"), restart.get(0));
  }

  /** An export made before instances were resources (V13) carried them as rows of their own table: they import as before. */
  @Test
  void anExportFromBeforeInstancesWereResourcesImportsItsInstances() throws Exception {
    JsonObject row = new JsonObject().put("id", 777).put("project", "legacy").put("zone", ZONE).put("name", "kept")
      .put("description", null).put("machine_type", "e2-medium").put("status", "TERMINATED")
      .put("creation_timestamp", "2026-10-01T08:00:00+00:00").put("last_start_timestamp", "2026-10-01T08:00:10+00:00")
      .put("last_stop_timestamp", "2026-10-02T08:00:00+00:00").put("last_suspended_timestamp", null)
      .put("metadata", new JsonArray()).put("labels", new JsonObject().put("team", "a")).put("tags", new JsonArray())
      .put("network_interfaces", new JsonArray().add(new JsonObject().put("name", "nic0")
        .put("network", "projects/legacy/global/networks/default").put("networkIP", "10.128.0.9")))
      .put("disks", new JsonArray()).put("attributes", new JsonObject()).put("console", "").put("console_discarded", 0)
      .put("generation", 1);
    JsonObject old = new JsonObject().put("kind", "gce-emulator#state").put("version", 1)
      .put("projects", new JsonArray().add(new JsonObject().put("name", "legacy").put("id", 42).put("created_at", "2026-10-01T07:59:00+00:00")))
      .put("instances", new JsonArray().add(row));
    try (RunningEmulator emulator = RunningEmulator.start()) {
      Http http = new Http(emulator.baseUrl());
      Http.Response imported = http.post("/_emulator/import", old);
      assertEquals(200, imported.status(), imported.body());
      assertEquals(1, imported.json().getInteger("imported"));
      JsonObject kept = http.get(Http.zonePath("legacy", ZONE) + "/instances/kept").json();
      assertEquals("777", kept.getString("id"));
      assertEquals("TERMINATED", kept.getString("status"));
      assertEquals(new JsonObject().put("team", "a"), kept.getJsonObject("labels"));
      assertEquals("10.128.0.9", ip(kept));
      assertEquals(1, instances(http.get("/_emulator/export?project=legacy").json()), "and export as resources");
    }
  }

  private static long instances(JsonObject export) {
    return export.getJsonArray("resources").stream().map(JsonObject.class::cast)
      .filter(resource -> "instances".equals(resource.getString("collection"))).count();
  }

  private static String ip(JsonObject instance) {
    return instance.getJsonArray("networkInterfaces").getJsonObject(0).getString("networkIP");
  }
}
