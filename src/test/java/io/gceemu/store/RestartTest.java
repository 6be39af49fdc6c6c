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
  void instancesAndOperationsSurviveARestart() throws Exception {
    String project = Http.newProject();
    String zonePath = Http.zonePath(project, "us-west1-b");
    JsonObject vm;
    JsonObject stop;
    try (RunningEmulator first = RunningEmulator.start()) {
      Http http = new Http(first.baseUrl());
      http.post(zonePath + "/instances", Bodies.instanceWithEverything("durable", "us-west1-b"));
      stop = http.post(zonePath + "/instances/durable/stop", "").json();
      vm = http.get(zonePath + "/instances/durable").json();
    }
    try (RunningEmulator second = RunningEmulator.startKeepingData(new JsonObject())) {
      Http http = new Http(second.baseUrl());
      assertEquals(vm, http.get(zonePath + "/instances/durable").json());
      assertEquals(stop, http.get(zonePath + "/operations/" + stop.getString("name")).json());
      http.post(zonePath + "/instances", Bodies.instance("after", "us-west1-b"));
      assertEquals("10.138.0.3", http.get(zonePath + "/instances/after").json()
        .getJsonArray("networkInterfaces").getJsonObject(0).getString("networkIP"), "addresses taken before the restart stay taken");
    }
  }
}
