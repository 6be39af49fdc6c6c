package io.gceemu.client;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.NetworkInterface;
import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fault rules under /_emulator/faults, seen through the official client and its retries. */
class FaultInjectionTest {

  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static InstancesClient instances;

  @BeforeAll
  static void start() throws Exception {
    instances = JavaClients.instances(EMULATOR.baseUrl());
  }

  @AfterAll
  static void stop() {
    instances.close();
  }

  @AfterEach
  void clearRules() {
    EMULATOR.http().delete("/_emulator/faults");
  }

  @Test
  void theOfficialClientRetriesA503ThatARuleInjectsTwiceAndThenGetsItsInstance() {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("flaky", ZONE)).status());
    JsonObject rule = http.post("/_emulator/faults", new JsonObject().put("method", "compute.instances.get").put("project", project)
      .put("count", 2).put("error", new JsonObject().put("code", 503))).json();

    Instance got = instances.get(project, ZONE, "flaky");
    assertEquals("flaky", got.getName());
    JsonObject listed = http.get("/_emulator/faults").json().getJsonArray("rules").getJsonObject(0);
    assertEquals(rule.getString("id"), listed.getString("id"));
    assertEquals(2, listed.getInteger("applied"), "the client retried through both injected 503s");
  }

  @Test
  void anInsertWhoseOperationEndsInZoneResourcePoolExhaustedFailsInTheClientAndCreatesNothing() {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    http.post("/_emulator/faults", new JsonObject().put("method", "compute.instances.insert").put("zone", ZONE)
      .put("operationError", new JsonObject().put("code", "ZONE_RESOURCE_POOL_EXHAUSTED")));
    Instance instance = Instance.newBuilder().setName("no-room").setMachineType("zones/" + ZONE + "/machineTypes/e2-medium")
      .addDisks(AttachedDisk.newBuilder().setBoot(true).setAutoDelete(true).setType("PERSISTENT")
        .setInitializeParams(AttachedDiskInitializeParams.newBuilder().setSourceImage("projects/debian-cloud/global/images/family/debian-12")))
      .addNetworkInterfaces(NetworkInterface.newBuilder().setNetwork("global/networks/default")).build();

    ExecutionException failed = assertThrows(ExecutionException.class, () -> instances.insertAsync(project, ZONE, instance).get(60, TimeUnit.SECONDS));
    // The Java client judges an operation by httpErrorStatusCode alone: 503 is UNAVAILABLE.
    assertTrue(failed.getCause() instanceof ApiException api && api.getStatusCode().getCode() == StatusCode.Code.UNAVAILABLE,
      String.valueOf(failed.getCause()));
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/instances/no-room").status());

    Http.Response raw = http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("raw", ZONE));
    JsonObject operation = raw.json();
    assertEquals("DONE", operation.getString("status"));
    assertEquals(503, operation.getInteger("httpErrorStatusCode"));
    assertEquals("SERVICE UNAVAILABLE", operation.getString("httpErrorMessage"));
    assertEquals("ZONE_RESOURCE_POOL_EXHAUSTED", operation.getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("code"));
    String name = operation.getString("name");
    assertEquals(operation.getJsonObject("error"), http.get(Http.zonePath(project, ZONE) + "/operations/" + name).json().getJsonObject("error"));
  }

  /** A disk's methods take operation faults as an instance's do: the operation ends in the error and nothing changes. */
  @Test
  void aDisksOperationEndsInAnInjectedErrorAndChangesNothing() {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    String disks = Http.zonePath(project, ZONE) + "/disks";
    assertEquals(200, http.post(disks, new JsonObject().put("name", "kept").put("sizeGb", "20")).status());
    http.post("/_emulator/faults", new JsonObject().put("method", "compute.disks.insert").put("zone", ZONE)
      .put("operationError", new JsonObject().put("code", "ZONE_RESOURCE_POOL_EXHAUSTED")));
    http.post("/_emulator/faults", new JsonObject().put("method", "compute.disks.resize").put("zone", ZONE)
      .put("operationError", new JsonObject().put("code", "QUOTA_EXCEEDED").put("httpStatus", 403)));
    JsonObject insert = http.post(disks, new JsonObject().put("name", "no-room")).json();
    assertEquals("DONE", insert.getString("status"));
    assertEquals("insert", insert.getString("operationType"));
    assertEquals("ZONE_RESOURCE_POOL_EXHAUSTED", insert.getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("code"));
    assertEquals(404, http.get(disks + "/no-room").status());
    JsonObject resize = http.post(disks + "/kept/resize", new JsonObject().put("sizeGb", "40")).json();
    assertEquals("resizeDisk", resize.getString("operationType"));
    assertEquals(403, resize.getInteger("httpErrorStatusCode"));
    assertEquals("20", http.get(disks + "/kept").json().getString("sizeGb"));
  }

  /** The global owner's methods take operation faults too: a snapshot's insert, an image's setLabels. */
  @Test
  void aGlobalOperationEndsInAnInjectedErrorAndChangesNothing() {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    String global = "/compute/v1/projects/" + project + "/global";
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/disks", new JsonObject().put("name", "src")).status());
    assertEquals(200, http.post(global + "/images", new JsonObject().put("name", "img").put("sourceDisk", "zones/" + ZONE + "/disks/src"))
      .status());
    String fingerprint = http.get(global + "/images/img").json().getString("labelFingerprint");
    http.post("/_emulator/faults", new JsonObject().put("method", "compute.snapshots.insert").put("project", project)
      .put("operationError", new JsonObject().put("code", "QUOTA_EXCEEDED").put("httpStatus", 403)));
    http.post("/_emulator/faults", new JsonObject().put("method", "compute.images.setLabels").put("project", project)
      .put("operationError", new JsonObject().put("code", "INTERNAL_ERROR")));

    JsonObject insert = http.post(global + "/snapshots", new JsonObject().put("name", "none").put("sourceDisk", "zones/" + ZONE + "/disks/src"))
      .json();
    assertEquals("DONE", insert.getString("status"), insert.encode());
    assertEquals(403, insert.getInteger("httpErrorStatusCode"));
    assertEquals("QUOTA_EXCEEDED", insert.getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("code"));
    assertEquals(insert.getJsonObject("error"), http.get(global + "/operations/" + insert.getString("name")).json().getJsonObject("error"));
    assertEquals(404, http.get(global + "/snapshots/none").status());

    JsonObject labels = http.post(global + "/images/img/setLabels", new JsonObject().put("labelFingerprint", fingerprint)
      .put("labels", new JsonObject().put("a", "b"))).json();
    assertEquals("setLabels", labels.getString("operationType"));
    assertEquals("INTERNAL_ERROR", labels.getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("code"));
    assertEquals(fingerprint, http.get(global + "/images/img").json().getString("labelFingerprint"));
  }

  @Test
  void rulesAddLatencyOrARateLimitAndCanBeRemoved() {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    String list = Http.zonePath(project, ZONE) + "/instances";
    http.post("/_emulator/faults", new JsonObject().put("method", "compute.instances.list").put("latencyMs", 400));
    long sent = System.nanoTime();
    assertEquals(200, http.get(list).status());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent) >= 400);

    JsonObject limit = http.post("/_emulator/faults", new JsonObject().put("method", "compute.instances.*").put("project", project)
      .put("error", new JsonObject().put("code", 429))).json();
    Http.Response limited = http.get(list + "/anything");
    assertEquals(429, limited.status());
    assertEquals("rateLimitExceeded", limited.reason());
    assertEquals(200, http.delete("/_emulator/faults/" + limit.getString("id")).status());
    assertEquals(404, http.get(list + "/anything").status());
    assertEquals(404, http.delete("/_emulator/faults/" + limit.getString("id")).status());

    Http.Response invalid = http.post("/_emulator/faults", new JsonObject().put("method", "compute.instances.get").put("probability", 2));
    assertEquals(400, invalid.status());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{'method': 'compute.instances.get', 'probability': 2}|invalid|Invalid value for field 'probability': '2'. Must be less than or equal to 1",
    "{'method': 'compute.instances.get'}|required|Required field 'latencyMs', 'error' or 'operationError' not specified",
    "{'method': 5, 'latencyMs': 100}|invalid|Invalid value at 'method' (TYPE_STRING), 5",
    "{'latencyMs': 'slow'}|invalid|Invalid value at 'latencyMs' (TYPE_INT64), \"slow\"",
    "{'error': {'code': 700}}|invalid|Invalid value for field 'error.code': '700'. Must be less than or equal to 599",
    "{'error': {}}|required|Required field 'error.code' not specified",
    "{'error': {'code': 503, 'status': 'UNAVAILABLE'}}|invalid|Invalid JSON payload received. Unknown name \"status\" at 'error': Cannot find field.",
    "{'latency': 100}|invalid|Invalid JSON payload received. Unknown name \"latency\": Cannot find field.",
    "{'method': 'compute instances', 'latencyMs': 1}|invalid|Invalid value for field 'method': 'compute instances'. Must be a match of regex '[A-Za-z.]+\\*?'",
    "{'operationError': {'code': ''}}|invalid|Invalid value for field 'operationError.code': ''. Must not be empty."})
  void anInvalidRuleIsRefusedNamingTheFieldAtFault(String rule, String reason, String message) {
    Http http = EMULATOR.http();
    Http.Response refused = http.post("/_emulator/faults", rule.replace('\'', '"'));
    assertEquals(400, refused.status(), refused.body());
    assertEquals(reason, refused.reason(), refused.body());
    assertEquals(message, refused.message());
    assertEquals(0, http.get("/_emulator/faults").json().getJsonArray("rules").size(), "nothing was added");
  }
}
