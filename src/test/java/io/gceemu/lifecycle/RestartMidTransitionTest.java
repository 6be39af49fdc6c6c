package io.gceemu.lifecycle;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.RunningEmulator;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Operations in flight when the emulator stops finish after it starts again: due times are in Postgres. */
class RestartMidTransitionTest {

  private static final String ZONE = "asia-east1-b";

  @Test
  void aTimedInsertInterruptedByARestartCompletes() throws Exception {
    JsonObject slow = new JsonObject().put("timing", "realistic")
      .put("transitionMs", new JsonObject().put("insert.PROVISIONING", 1_500).put("insert.STAGING", 300));
    String zonePath = Http.zonePath(Http.newProject(), ZONE);
    JsonObject insert;
    try (RunningEmulator first = RunningEmulator.start(slow)) {
      insert = new Http(first.baseUrl()).post(zonePath + "/instances", Bodies.instance("interrupted", ZONE)).json();
      assertEquals("RUNNING", insert.getString("status"));
    }
    try (RunningEmulator second = RunningEmulator.startKeepingData(new JsonObject())) {
      Http http = new Http(second.baseUrl());
      assertEquals("PROVISIONING", http.get(zonePath + "/instances/interrupted").json().getString("status"));
      JsonObject done = http.post(zonePath + "/operations/" + insert.getString("name") + "/wait", "").json();
      assertEquals("DONE", done.getString("status"));
      assertEquals("RUNNING", http.get(zonePath + "/instances/interrupted").json().getString("status"));
    }
  }

  @Test
  void aManualOperationKeepsItsProgressionAcrossARestart() throws Exception {
    String project = Http.newProject();
    String zonePath = Http.zonePath(project, ZONE);
    JsonObject stop;
    try (RunningEmulator first = RunningEmulator.start(new JsonObject())) {
      Http http = new Http(first.baseUrl());
      http.post(zonePath + "/instances", Bodies.instance("held", ZONE));
      http.method("PUT", "/_emulator/progression", "{\"operationType\": \"stop\", \"mode\": \"manual\", \"reads\": 1}");
      stop = http.post(zonePath + "/instances/held/stop", "").json();
    }
    try (RunningEmulator second = RunningEmulator.startKeepingData(new JsonObject())) {
      Http http = new Http(second.baseUrl());
      assertEquals("STOPPING", http.get(zonePath + "/instances/held").json().getString("status"));
      http.get(zonePath + "/operations/" + stop.getString("name"));
      assertEquals("TERMINATED", http.get(zonePath + "/instances/held").json().getString("status"));
    }
  }

  /** A disk's insert in time progression: CREATING when the emulator stops, READY after it starts again, on its own. */
  @Test
  void aCreatingDiskInterruptedByARestartBecomesReady() throws Exception {
    JsonObject slow = new JsonObject().put("transitionMs", new JsonObject().put("compute.disks.insert.CREATING", 1_500));
    String zonePath = Http.zonePath(Http.newProject(), ZONE);
    JsonObject insert;
    try (RunningEmulator first = RunningEmulator.start(slow)) {
      Http http = new Http(first.baseUrl());
      insert = http.post(zonePath + "/disks", new JsonObject().put("name", "interrupted")).json();
      assertEquals("RUNNING", insert.getString("status"));
      assertEquals("CREATING", http.get(zonePath + "/disks/interrupted").json().getString("status"));
    }
    try (RunningEmulator second = RunningEmulator.startKeepingData(new JsonObject())) {
      Http http = new Http(second.baseUrl());
      JsonObject done = http.post(zonePath + "/operations/" + insert.getString("name") + "/wait", "").json();
      assertEquals("DONE", done.getString("status"));
      assertEquals("READY", http.get(zonePath + "/disks/interrupted").json().getString("status"));
    }
  }

  /** A snapshot's insert, a global operation in time progression: the global owner carries it on after a restart. */
  @Test
  void anUploadingSnapshotInterruptedByARestartBecomesReady() throws Exception {
    JsonObject slow = new JsonObject().put("transitionMs", new JsonObject().put("compute.snapshots.insert.CREATING", 200)
      .put("compute.snapshots.insert.UPLOADING", 2_000));
    String project = Http.newProject();
    String global = "/compute/v1/projects/" + project + "/global";
    JsonObject insert;
    try (RunningEmulator first = RunningEmulator.start(slow)) {
      Http http = new Http(first.baseUrl());
      assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/disks", new JsonObject().put("name", "source")).status());
      insert = http.post(global + "/snapshots", new JsonObject().put("name", "interrupted")
        .put("sourceDisk", "zones/" + ZONE + "/disks/source")).json();
      assertEquals("RUNNING", insert.getString("status"), insert.encode());
      assertEquals("CREATING", Polling.statusesUntil(http, global + "/snapshots/interrupted", "UPLOADING", 5_000).iterator().next());
    }
    try (RunningEmulator second = RunningEmulator.startKeepingData(new JsonObject())) {
      Http http = new Http(second.baseUrl());
      assertEquals("UPLOADING", http.get(global + "/snapshots/interrupted").json().getString("status"));
      JsonObject done = http.post(global + "/operations/" + insert.getString("name") + "/wait", "").json();
      assertEquals("DONE", done.getString("status"));
      assertEquals("READY", http.get(global + "/snapshots/interrupted").json().getString("status"));
    }
  }
}
