package io.gceemu.store;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorProcess;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulator as its users run it, in its own process with its embedded Postgres: after a
 * {@code kill -9} mid-life, a new start on the same data folder works and serves every
 * acknowledged change.
 */
class KillNineTest {

  @Test
  void stateSurvivesKillNineAndTheOrphanedPostgresIsHandled(@TempDir Path dataDir) throws Exception {
    String project = Http.newProject();
    String zonePath = Http.zonePath(project, "us-east1-c");
    EmulatorProcess first = EmulatorProcess.start(List.of("--port", "0", "--data-dir", dataDir.toString()));
    JsonObject vm;
    JsonObject disk;
    try {
      Http http = new Http(first.baseUrl());
      assertEquals(200, http.post(zonePath + "/instances", Bodies.instanceWithEverything("survivor", "us-east1-c")).status());
      assertEquals(200, http.post(zonePath + "/instances/survivor/stop", "").status());
      assertEquals(200, http.post(zonePath + "/disks/survivor/resize", new JsonObject().put("sizeGb", "30")).status());
      vm = http.get(zonePath + "/instances/survivor").json();
      disk = http.get(zonePath + "/disks/survivor").json();
    } finally {
      first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "the killed emulator left its Postgres behind");

    EmulatorProcess second = EmulatorProcess.start(List.of("--port", "0", "--data-dir", dataDir.toString()));
    try {
      Http http = new Http(second.baseUrl());
      assertEquals(vm, http.get(zonePath + "/instances/survivor").json());
      assertEquals(disk, http.get(zonePath + "/disks/survivor").json(), "an acknowledged disk change outlives kill -9");
      assertEquals(200, http.post(zonePath + "/instances/survivor/start", "").status());
      assertEquals("RUNNING", http.get(zonePath + "/instances/survivor").json().getString("status"));
    } finally {
      second.process().destroy();
      assertTrue(second.process().waitFor(60, TimeUnit.SECONDS));
    }
    assertFalse(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "a clean stop also stops Postgres");
  }
}
