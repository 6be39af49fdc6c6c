package io.gceemu.store;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.RunningEmulator;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Everything acknowledged is in Postgres: a new emulator on the same database serves it all. */
class RestartTest {

  @Test
  void instancesDisksSnapshotsAndOperationsSurviveARestart() throws Exception {
    String project = Http.newProject();
    String zonePath = Http.zonePath(project, "us-west1-b");
    JsonObject vm;
    JsonObject stop;
    JsonObject boot;
    JsonObject data;
    JsonObject snapshot;
    try (RunningEmulator first = RunningEmulator.start()) {
      Http http = new Http(first.baseUrl());
      http.post(zonePath + "/instances", Bodies.instanceWithEverything("durable", "us-west1-b"));
      stop = http.post(zonePath + "/instances/durable/stop", "").json();
      http.post(zonePath + "/disks", new JsonObject().put("name", "data").put("sizeGb", "40")
        .put("labels", new JsonObject().put("kept", "yes")));
      http.post(zonePath + "/instances/durable/attachDisk", new JsonObject().put("source", "zones/us-west1-b/disks/data"));
      vm = http.get(zonePath + "/instances/durable").json();
      boot = http.get(zonePath + "/disks/durable").json();
      http.post(zonePath + "/disks/data/createSnapshot", new JsonObject().put("name", "data-snap"));
      data = http.get(zonePath + "/disks/data").json();
      snapshot = http.get("/compute/v1/projects/" + project + "/global/snapshots/data-snap").json();
    }
    try (RunningEmulator second = RunningEmulator.startKeepingData(new JsonObject())) {
      Http http = new Http(second.baseUrl());
      assertEquals(vm, http.get(zonePath + "/instances/durable").json());
      assertEquals(stop, http.get(zonePath + "/operations/" + stop.getString("name")).json());
      assertEquals(boot, http.get(zonePath + "/disks/durable").json());
      assertEquals(data, http.get(zonePath + "/disks/data").json());
      assertEquals(snapshot, http.get("/compute/v1/projects/" + project + "/global/snapshots/data-snap").json());
      assertEquals(2, http.get(zonePath + "/instances/durable").json().getJsonArray("disks").size());
      http.post(zonePath + "/instances", Bodies.instance("after", "us-west1-b"));
      assertEquals("10.138.0.3", http.get(zonePath + "/instances/after").json()
        .getJsonArray("networkInterfaces").getJsonObject(0).getString("networkIP"), "addresses taken before the restart stay taken");
    }
  }
}
