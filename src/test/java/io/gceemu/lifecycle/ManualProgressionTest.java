package io.gceemu.lifecycle;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests take control of progression through the emulator-only admin API: manual operations move on
 * after N reads or on an explicit advance; wait answers early on DONE and at its maximum otherwise.
 */
class ManualProgressionTest {

  private static final String ZONE = "us-west1-c";

  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension(new JsonObject().put("waitTimeoutMs", 700));

  private Http http;
  private String project;
  private String zonePath;
  private String vm;

  @BeforeEach
  void setUp() {
    http = EMULATOR.http();
    project = Http.newProject();
    zonePath = Http.zonePath(project, ZONE);
    vm = zonePath + "/instances/manual";
  }

  @AfterEach
  void backToDefaults() {
    assertEquals(200, http.method("PUT", "/_emulator/progression", "{\"mode\": \"default\"}").status());
  }

  private void choose(String body) {
    Http.Response response = http.method("PUT", "/_emulator/progression", body);
    assertEquals(200, response.status(), response.body());
  }

  @Test
  void manualOperationsAdvanceEveryNReads() {
    choose("{\"method\": \"compute.instances.insert\", \"mode\": \"manual\", \"reads\": 2}");
    JsonObject op = http.post(zonePath + "/instances", Bodies.instance("manual", ZONE)).json();
    String opPath = zonePath + "/operations/" + op.getString("name");
    assertEquals("RUNNING", op.getString("status"));
    assertEquals("PROVISIONING", http.get(vm).json().getString("status"));
    assertEquals("RUNNING", http.get(opPath).json().getString("status"));
    assertEquals("PROVISIONING", http.get(vm).json().getString("status"), "one read is not enough");
    http.get(opPath);
    assertEquals("STAGING", http.get(vm).json().getString("status"), "the second read moved it on");
    http.get(opPath);
    JsonObject last = http.get(opPath).json();
    assertEquals("RUNNING", last.getString("status"), "a read answers with the phase it found");
    assertEquals("DONE", http.get(opPath).json().getString("status"));
    assertEquals("RUNNING", http.get(vm).json().getString("status"));
  }

  @Test
  void theAdminAdvanceMovesOnePhaseOrToTheEnd() {
    choose("{\"mode\": \"manual\", \"reads\": 0}");
    JsonObject insert = http.post(zonePath + "/instances", Bodies.instance("manual", ZONE)).json();
    String advance = "/_emulator/projects/" + project + "/zones/" + ZONE + "/operations/" + insert.getString("name") + "/advance";
    for (int i = 0; i < 5; i++) {
      http.get(zonePath + "/operations/" + insert.getString("name"));
    }
    assertEquals("PROVISIONING", http.get(vm).json().getString("status"), "reads 0 means advance only on request");
    assertEquals("RUNNING", http.post(advance, "").json().getString("status"));
    assertEquals("STAGING", http.get(vm).json().getString("status"));
    assertEquals("DONE", http.post(advance, "").json().getString("status"));
    assertEquals("RUNNING", http.get(vm).json().getString("status"));

    JsonObject stop = http.post(vm + "/stop", "").json();
    assertEquals("STOPPING", http.get(vm).json().getString("status"));
    Http.Response early = http.delete(zonePath + "/operations/" + stop.getString("name"));
    assertEquals(400, early.status(), "an operation in flight cannot be deleted");
    assertEquals("resourceNotReady", early.reason());
    JsonObject done = http.post("/_emulator/projects/" + project + "/zones/" + ZONE + "/operations/" + stop.getString("id")
      + "/advance?toEnd=true", "").json();
    assertEquals("DONE", done.getString("status"));
    assertEquals("TERMINATED", http.get(vm).json().getString("status"));
  }

  @Test
  void waitAnswersAsSoonAsTheOperationIsDone() throws Exception {
    choose("{\"method\": \"compute.instances.stop\", \"mode\": \"manual\", \"reads\": 0}");
    http.post(zonePath + "/instances", Bodies.instance("manual", ZONE));
    JsonObject stop = http.post(vm + "/stop", "").json();
    String waitPath = zonePath + "/operations/" + stop.getString("name") + "/wait";
    CompletableFuture<Http.Response> waiting = CompletableFuture.supplyAsync(() -> http.post(waitPath, ""));
    Thread.sleep(150);
    assertTrue(!waiting.isDone(), "wait holds the request while the operation runs");
    http.post("/_emulator/projects/" + project + "/zones/" + ZONE + "/operations/" + stop.getString("name") + "/advance?toEnd=true", "");
    JsonObject answer = waiting.get().json();
    assertEquals("DONE", answer.getString("status"));
  }

  @Test
  void waitGivesUpAtItsMaximumWithTheOperationAsItIs() {
    choose("{\"method\": \"compute.instances.stop\", \"mode\": \"manual\", \"reads\": 0}");
    http.post(zonePath + "/instances", Bodies.instance("manual", ZONE));
    JsonObject stop = http.post(vm + "/stop", "").json();
    long started = System.nanoTime();
    JsonObject answer = http.post(zonePath + "/operations/" + stop.getString("name") + "/wait", "").json();
    long waitedMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals("RUNNING", answer.getString("status"));
    assertTrue(waitedMs >= 600, "waited " + waitedMs + " ms");
  }

  @Test
  void timeModeChosenAtRunTime() throws Exception {
    choose("{\"method\": \"compute.instances.insert\", \"mode\": \"time\", \"durationMs\": 200}");
    JsonObject insert = http.post(zonePath + "/instances", Bodies.instance("manual", ZONE)).json();
    assertEquals("RUNNING", insert.getString("status"));
    Polling.statusesUntil(http, vm, "RUNNING", 5_000);
    assertEquals("DONE", Polling.operation(http, zonePath, insert).getString("status"));
  }

  @Test
  void theProgressionSettingsCanBeRead() {
    choose("{\"method\": \"compute.instances.stop\", \"mode\": \"manual\", \"reads\": 3}");
    JsonObject settings = http.get("/_emulator/progression").json();
    assertEquals("instant", settings.getString("timing"));
    assertEquals(new JsonObject().put("mode", "manual").put("reads", 3), settings.getJsonObject("chosen").getJsonObject("compute.instances.stop"));
    Http.Response bad = http.method("PUT", "/_emulator/progression", "{\"mode\": \"sometimes\"}");
    assertEquals(400, bad.status());
  }

  /** Settings written before progressions were named by method keep working. */
  @Test
  void theNamesUsedBeforeMethodsNamedThemStillChoose() {
    choose("{\"operationType\": \"stop\", \"mode\": \"manual\", \"reads\": 0}");
    choose("{\"method\": \"disks.insert\", \"mode\": \"time\", \"durationMs\": 50}");
    JsonObject chosen = http.get("/_emulator/progression").json().getJsonObject("chosen");
    assertEquals(new JsonObject().put("compute.instances.stop", new JsonObject().put("mode", "manual").put("reads", 0))
      .put("compute.disks.insert", new JsonObject().put("mode", "time").put("phaseMs", new JsonArray().add(50))), chosen);
  }

  @Test
  void anUnknownMethodIsRefusedNamingTheKnownOnes() {
    Http.Response refused = http.method("PUT", "/_emulator/progression", "{\"method\": \"compute.instances.frobnicate\", \"mode\": \"manual\"}");
    assertEquals(400, refused.status(), refused.body());
    assertEquals("invalid", refused.reason());
    assertEquals("Invalid value for field 'method': 'compute.instances.frobnicate'. Must be one of compute.instances.insert,"
      + " compute.instances.delete, compute.instances.start, compute.instances.stop, compute.instances.reset,"
      + " compute.instances.suspend, compute.instances.resume, compute.instances.setLabels, compute.instances.setMetadata,"
      + " compute.instances.setTags, compute.instances.setMachineType, compute.instances.setDeletionProtection,"
      + " compute.instances.update, compute.instances.attachDisk, compute.instances.detachDisk,"
      + " compute.instances.setDiskAutoDelete, compute.instances.addAccessConfig, compute.instances.deleteAccessConfig,"
      + " compute.instances.updateNetworkInterface, compute.instances.setScheduling, compute.instances.setServiceAccount,"
      + " compute.instances.setMinCpuPlatform, compute.instances.updateShieldedInstanceConfig,"
      + " compute.instances.setShieldedInstanceIntegrityPolicy, compute.instances.setMachineResources,"
      + " compute.instances.updateDisplayDevice, compute.instances.addResourcePolicies, compute.instances.removeResourcePolicies,"
      + " compute.instances.setSecurityPolicy, compute.instances.updateAccessConfig, compute.instances.setName,"
      + " compute.instances.startWithEncryptionKey, compute.instances.performMaintenance, compute.instances.simulateMaintenanceEvent,"
      + " compute.instances.reportHostAsFaulty, compute.instances.bulkInsert,"
      + " compute.disks.insert, compute.images.insert, compute.snapshots.insert.",
      refused.message());
    assertEquals(new JsonObject(), http.get("/_emulator/progression").json().getJsonObject("chosen"));
  }

  @Test
  void aChoiceForEveryTypeReplacesTheChoicesForOneType() {
    choose("{\"method\": \"compute.instances.insert\", \"mode\": \"manual\", \"reads\": 0}");
    choose("{\"mode\": \"immediate\"}");
    assertEquals(new JsonObject().put("*", new JsonObject().put("mode", "immediate")),
      http.get("/_emulator/progression").json().getJsonObject("chosen"));
    assertEquals("DONE", http.post(zonePath + "/instances", Bodies.instance("manual", ZONE)).json().getString("status"));
  }

  @Test
  void defaultForOneTypeIsTheProfileEvenUnderAChoiceForEveryType() {
    choose("{\"mode\": \"manual\", \"reads\": 0}");
    choose("{\"method\": \"compute.instances.insert\", \"mode\": \"default\"}");
    assertEquals("DONE", http.post(zonePath + "/instances", Bodies.instance("manual", ZONE)).json().getString("status"),
      "insert follows the instant profile");
    assertEquals("RUNNING", http.post(vm + "/stop", "").json().getString("status"), "stop is still manual");
  }

  @Test
  void operationsWaitingForAnAdvanceFinishOnceTheirTypeIsNoLongerManual() throws Exception {
    choose("{\"method\": \"compute.instances.insert\", \"mode\": \"manual\", \"reads\": 0}");
    String opPath = zonePath + "/operations/" + http.post(zonePath + "/instances", Bodies.instance("manual", ZONE)).json().getString("name");
    CompletableFuture<Http.Response> waiting = CompletableFuture.supplyAsync(() -> http.post(opPath + "/wait", ""));
    Thread.sleep(100);
    choose("{\"mode\": \"default\"}");
    assertEquals("DONE", http.get(opPath).json().getString("status"), "finished when the choice was answered");
    assertEquals("RUNNING", http.get(vm).json().getString("status"));
    assertEquals("DONE", waiting.get().json().getString("status"), "its waiting caller was answered");
  }

  @Test
  void operationsWaitingForAnAdvanceGetTimersOnceTheirTypeIsTimed() throws Exception {
    http.post(zonePath + "/instances", Bodies.instance("manual", ZONE));
    choose("{\"method\": \"compute.instances.stop\", \"mode\": \"manual\", \"reads\": 0}");
    JsonObject stop = http.post(vm + "/stop", "").json();
    choose("{\"method\": \"compute.instances.stop\", \"mode\": \"time\", \"durationMs\": 1500}");
    assertEquals("STOPPING", http.get(vm).json().getString("status"), "the phase it was in starts over, timed");
    Polling.statusesUntil(http, vm, "TERMINATED", 10_000);
    assertEquals("DONE", Polling.operation(http, zonePath, stop).getString("status"));
    JsonObject stored = http.get("/_emulator/export?project=" + project).json().getJsonArray("operations").stream()
      .map(JsonObject.class::cast).filter(operation -> operation.getString("name").equals(stop.getString("name"))).findFirst().orElseThrow();
    assertEquals("time", stored.getJsonObject("progression").getString("mode"), "its new progression is in Postgres");
  }

  @Test
  void resetEmptiesOneProjectOrEverything() {
    http.post(zonePath + "/instances", Bodies.instance("manual", ZONE));
    String other = Http.zonePath(Http.newProject(), ZONE);
    http.post(other + "/instances", Bodies.instance("other", ZONE));
    assertEquals("{\"reset\":\"" + project + "\"}", http.post("/_emulator/reset?project=" + project, "").body());
    assertEquals(404, http.get(vm).status());
    assertEquals(200, http.get(other + "/instances/other").status());
    assertEquals(200, http.post(zonePath + "/instances", Bodies.instance("manual", ZONE)).status());
    assertEquals("10.138.0.2", http.get(vm).json().getJsonArray("networkInterfaces").getJsonObject(0).getString("networkIP"),
      "the reset project's addresses were freed");
  }
}
