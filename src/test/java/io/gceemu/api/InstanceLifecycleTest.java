package io.gceemu.api;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.EmulatorExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Phase 1 scenarios, black-box over HTTP, with real GCE semantics. */
class InstanceLifecycleTest {

  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static Http http;
  private String project;
  private String zonePath;

  @BeforeAll
  static void start() {
    http = EMULATOR.http();
  }

  @BeforeEach
  void newProject() {
    project = Http.newProject();
    zonePath = Http.zonePath(project, ZONE);
  }

  @Test
  void insertReturnsADoneOperationAndTheInstanceIsServedAsGceShowsIt() {
    Http.Response insert = http.post(zonePath + "/instances", Bodies.instanceWithEverything("vm-1", ZONE));
    assertEquals(200, insert.status(), insert.body());
    JsonObject op = insert.json();
    assertEquals("compute#operation", op.getString("kind"));
    assertEquals("insert", op.getString("operationType"));
    assertEquals("DONE", op.getString("status"));
    assertEquals(100, op.getInteger("progress"));
    assertEquals("https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + ZONE, op.getString("zone"));
    assertTrue(op.getString("targetLink").endsWith("/projects/" + project + "/zones/" + ZONE + "/instances/vm-1"));
    assertTrue(op.getString("name").matches("operation-\\d{13}-[0-9a-f]{13}-[0-9a-f]{8}-[0-9a-f]{8}"), op.getString("name"));
    assertTrue(op.getString("id").matches("[1-9]\\d{17,18}"));

    JsonObject vm = http.get(zonePath + "/instances/vm-1").json();
    assertEquals("compute#instance", vm.getString("kind"));
    assertEquals(op.getString("targetId"), vm.getString("id"), "an operation's targetId is the instance's id");
    assertEquals("RUNNING", vm.getString("status"));
    assertEquals("https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + ZONE + "/machineTypes/e2-medium",
      vm.getString("machineType"));
    assertEquals("https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + ZONE + "/instances/vm-1",
      vm.getString("selfLink"));
    assertEquals(new JsonObject().put("env", "dev").put("team", "core"), vm.getJsonObject("labels"));
    assertEquals(new JsonArray().add("http-server").add("web"), vm.getJsonObject("tags").getJsonArray("items"));
    assertEquals("startup-script", vm.getJsonObject("metadata").getJsonArray("items").getJsonObject(0).getString("key"));
    assertTrue(vm.getString("creationTimestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[-+]\\d\\d:\\d\\d"));
    OffsetDateTime.parse(vm.getString("creationTimestamp"));
    assertNotNull(vm.getString("lastStartTimestamp"));
    assertNull(vm.getString("lastStopTimestamp"));
    assertTrue(vm.getString("fingerprint").matches("[A-Za-z0-9+/]{11}="));

    JsonObject disk = vm.getJsonArray("disks").getJsonObject(0);
    assertEquals(true, disk.getBoolean("boot"));
    assertEquals("compute#attachedDisk", disk.getString("kind"));
    assertEquals("https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + ZONE + "/disks/vm-1", disk.getString("source"));
    assertEquals("10", disk.getString("diskSizeGb"));
    assertFalse(disk.containsKey("initializeParams"), "initializeParams is input-only");

    JsonObject nic = vm.getJsonArray("networkInterfaces").getJsonObject(0);
    assertEquals("nic0", nic.getString("name"));
    assertEquals("https://www.googleapis.com/compute/v1/projects/" + project + "/regions/us-central1/subnetworks/default",
      nic.getString("subnetwork"));
    assertEquals("10.128.0.2", nic.getString("networkIP"));
  }

  @Test
  void emptyCollectionsAreOmittedAndTheirFingerprintsAreTheEmptyOne() {
    http.post(zonePath + "/instances", Bodies.instance("bare", ZONE));
    JsonObject vm = http.get(zonePath + "/instances/bare").json();
    assertFalse(vm.containsKey("labels"));
    assertEquals("42WmSpB8rSM=", vm.getString("labelFingerprint"));
    assertEquals(new JsonObject().put("fingerprint", "42WmSpB8rSM="), vm.getJsonObject("tags"));
    assertEquals(new JsonObject().put("kind", "compute#metadata").put("fingerprint", "42WmSpB8rSM="), vm.getJsonObject("metadata"));
  }

  @Test
  void aDuplicateNameIsAConflictButTheSameNameInAnotherZoneIsFine() {
    assertEquals(200, http.post(zonePath + "/instances", Bodies.instance("twin", ZONE)).status());
    Http.Response again = http.post(zonePath + "/instances", Bodies.instance("twin", ZONE));
    assertEquals(409, again.status());
    assertEquals("alreadyExists", again.reason());
    assertEquals("The resource 'projects/" + project + "/zones/" + ZONE + "/instances/twin' already exists", again.message());

    String otherZone = Http.zonePath(project, "us-central1-b");
    assertEquals(200, http.post(otherZone + "/instances", Bodies.instance("twin", "us-central1-b")).status());
    assertEquals("RUNNING", http.get(otherZone + "/instances/twin").json().getString("status"));
  }

  @Test
  void anUnknownInstanceIs404WithGceWording() {
    Http.Response response = http.get(zonePath + "/instances/ghost");
    assertEquals(404, response.status());
    assertEquals("notFound", response.reason());
    assertEquals("The resource 'projects/" + project + "/zones/" + ZONE + "/instances/ghost' was not found", response.message());
    assertEquals("application/json; charset=UTF-8", response.contentType());
    assertEquals(404, response.json().getJsonObject("error").getInteger("code"));
    assertEquals("global", response.json().getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("domain"));
  }

  @Test
  void stopEndsInTerminatedAndPowerActionsAreIdempotent() {
    http.post(zonePath + "/instances", Bodies.instance("power", ZONE));
    String vm = zonePath + "/instances/power";

    JsonObject stop = http.post(vm + "/stop", "").json();
    assertEquals("stop", stop.getString("operationType"));
    JsonObject stopped = http.get(vm).json();
    assertEquals("TERMINATED", stopped.getString("status"));
    assertNotNull(stopped.getString("lastStopTimestamp"));

    Http.Response stopAgain = http.post(vm + "/stop", "");
    assertEquals(200, stopAgain.status(), "stopping a TERMINATED instance is a no-op success");
    assertEquals("DONE", stopAgain.json().getString("status"));

    Http.Response reset = http.post(vm + "/reset", "");
    assertEquals(400, reset.status());
    assertEquals("resourceNotReady", reset.reason());
    assertEquals("The resource 'projects/" + project + "/zones/" + ZONE + "/instances/power' is not ready", reset.message());

    assertEquals(200, http.post(vm + "/start", "").status());
    assertEquals("RUNNING", http.get(vm).json().getString("status"));
    Http.Response startAgain = http.post(vm + "/start", "");
    assertEquals(200, startAgain.status(), "starting a RUNNING instance is a no-op success");
    assertEquals("RUNNING", http.get(vm).json().getString("status"));

    JsonObject resetOp = http.post(vm + "/reset", "").json();
    assertEquals("reset", resetOp.getString("operationType"));
    assertEquals("RUNNING", http.get(vm).json().getString("status"));
  }

  @Test
  void deleteRemovesTheInstanceAndItsAddressIsFreedForTheNext() {
    http.post(zonePath + "/instances", Bodies.instance("gone", ZONE));
    JsonObject op = http.delete(zonePath + "/instances/gone").json();
    assertEquals("delete", op.getString("operationType"));
    assertEquals("DONE", op.getString("status"));
    assertEquals(404, http.get(zonePath + "/instances/gone").status());
    assertEquals(404, http.delete(zonePath + "/instances/gone").status());

    http.post(zonePath + "/instances", Bodies.instance("next", ZONE));
    assertEquals("10.128.0.2", http.get(zonePath + "/instances/next").json()
      .getJsonArray("networkInterfaces").getJsonObject(0).getString("networkIP"));
  }

  @Test
  void aCompleteLifecycleIsVisibleThroughOperationsByNameAndById() {
    JsonObject insert = http.post(zonePath + "/instances", Bodies.instance("life", ZONE)).json();
    String id = insert.getString("targetId");
    assertEquals("life", http.get(zonePath + "/instances/" + id).json().getString("name"), "instances are addressable by id");
    http.post(zonePath + "/instances/" + id + "/stop", "");
    http.post(zonePath + "/instances/life/start", "");
    JsonObject delete = http.delete(zonePath + "/instances/life").json();

    JsonObject byName = http.get(zonePath + "/operations/" + insert.getString("name")).json();
    assertEquals(insert, byName);
    assertEquals(insert, http.get(zonePath + "/operations/" + insert.getString("id")).json());
    assertEquals(delete, http.post(zonePath + "/operations/" + delete.getString("name") + "/wait", "").json());

    JsonObject operations = http.get(zonePath + "/operations").json();
    assertEquals("compute#operationList", operations.getString("kind"));
    assertEquals(4, operations.getJsonArray("items").size());

    assertEquals(new JsonObject(), http.delete(zonePath + "/operations/" + insert.getString("name")).json());
    assertEquals(404, http.get(zonePath + "/operations/" + insert.getString("name")).status());
    assertEquals(3, http.get(zonePath + "/operations").json().getJsonArray("items").size());
  }

  @Test
  void listsAreEmptyThenPerZoneAndAggregatedAcrossZones() {
    JsonObject empty = http.get(zonePath + "/instances").json();
    assertEquals("compute#instanceList", empty.getString("kind"));
    assertFalse(empty.containsKey("items"), "GCE omits items from an empty list");

    http.post(zonePath + "/instances", Bodies.instance("a1", ZONE));
    http.post(zonePath + "/instances", Bodies.instance("a2", ZONE));
    http.post(Http.zonePath(project, "europe-west1-b") + "/instances", Bodies.instance("e1", "europe-west1-b"));
    assertEquals(2, http.get(zonePath + "/instances").json().getJsonArray("items").size());

    JsonObject aggregated = http.get("/compute/v1/projects/" + project + "/aggregated/instances").json();
    assertEquals("compute#instanceAggregatedList", aggregated.getString("kind"));
    JsonObject items = aggregated.getJsonObject("items");
    assertEquals(2, items.getJsonObject("zones/" + ZONE).getJsonArray("instances").size());
    assertEquals("e1", items.getJsonObject("zones/europe-west1-b").getJsonArray("instances").getJsonObject(0).getString("name"));
    JsonObject warning = items.getJsonObject("zones/asia-east1-a").getJsonObject("warning");
    assertEquals("NO_RESULTS_ON_PAGE", warning.getString("code"));
    assertEquals("There are no results for scope 'zones/asia-east1-a' on this page.", warning.getString("message"));
    assertEquals(new JsonObject().put("key", "scope").put("value", "zones/asia-east1-a"), warning.getJsonArray("data").getJsonObject(0));
  }

  @Test
  void serialPortOutputHasContentsAndByteOffsets() {
    http.post(zonePath + "/instances", Bodies.instance("console", ZONE));
    JsonObject output = http.get(zonePath + "/instances/console/serialPort").json();
    assertEquals("compute#serialPortOutput", output.getString("kind"));
    assertEquals("0", output.getString("start"));
    String contents = output.getString("contents");
    assertTrue(contents.contains("console login:"), contents);
    assertEquals(Integer.toString(contents.length()), output.getString("next"));

    JsonObject tail = http.get(zonePath + "/instances/console/serialPort?port=1&start=10").json();
    assertEquals("10", tail.getString("start"));
    assertEquals(contents.substring(10), tail.getString("contents"));
    assertEquals("", http.get(zonePath + "/instances/console/serialPort?port=2").json().getString("contents"));
    assertEquals(400, http.get(zonePath + "/instances/console/serialPort?port=5").status());
  }

  @Test
  void deletionProtectionRefusesDelete() {
    http.post(zonePath + "/instances", Bodies.instance("kept", ZONE).put("deletionProtection", true));
    Http.Response response = http.delete(zonePath + "/instances/kept");
    assertEquals(400, response.status());
    assertTrue(response.message().contains("protected against deletion"), response.message());
    assertEquals(200, http.get(zonePath + "/instances/kept").status());
  }

  @Test
  void aRetriedRequestIdReturnsTheFirstOperation() {
    String requestId = "8d1b5a5c-6c1e-4c55-9f36-1f2b9b8e2a11";
    JsonObject first = http.post(zonePath + "/instances?requestId=" + requestId, Bodies.instance("once", ZONE)).json();
    Http.Response retry = http.post(zonePath + "/instances?requestId=" + requestId, Bodies.instance("once", ZONE));
    assertEquals(200, retry.status(), retry.body());
    assertEquals(first, retry.json());
    assertEquals(requestId, first.getString("clientOperationId"));
  }
}
