package io.gceemu.api;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.RunningEmulator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With strictProjects, only the configured projects exist, as on a real account. */
class StrictProjectsTest {

  @Test
  void unknownProjectsAre404() throws Exception {
    JsonObject config = new JsonObject().put("strictProjects", true).put("projects", new JsonArray().add("known-project"));
    try (RunningEmulator emulator = RunningEmulator.start(config)) {
      Http http = new Http(emulator.baseUrl());
      assertEquals(200, http.post(Http.zonePath("known-project", "us-central1-a") + "/instances",
        Bodies.instance("vm", "us-central1-a")).status());
      Http.Response unknown = http.get(Http.zonePath("other-project", "us-central1-a") + "/instances");
      assertEquals(404, unknown.status());
      assertEquals("notFound", unknown.reason());
      assertEquals("The resource 'projects/other-project' was not found", unknown.message());
      assertEquals(404, http.get("/compute/v1/projects/other-project").status());
    }
  }
}
