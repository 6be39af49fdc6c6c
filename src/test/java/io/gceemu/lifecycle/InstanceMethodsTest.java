package io.gceemu.lifecycle;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** suspend, resume, setMachineType, setDeletionProtection and update, with GCE's rules. */
class InstanceMethodsTest {

  private static final String ZONE = "europe-west4-c";

  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();

  private Http http;
  private String project;
  private String vm;

  @BeforeEach
  void createInstance() {
    http = EMULATOR.http();
    project = Http.newProject();
    http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instanceWithEverything("methods", ZONE));
    vm = Http.zonePath(project, ZONE) + "/instances/methods";
  }

  private String status() {
    return http.get(vm).json().getString("status");
  }

  @Test
  void suspendAndResume() {
    assertEquals("suspend", http.post(vm + "/suspend", "").json().getString("operationType"));
    assertEquals("SUSPENDED", status());
    assertEquals(200, http.post(vm + "/suspend", "").status(), "suspending a suspended VM changes nothing");
    Http.Response start = http.post(vm + "/start", "");
    assertEquals(400, start.status(), "a suspended VM is resumed, not started");
    assertEquals("resourceNotReady", start.reason());
    assertEquals("resume", http.post(vm + "/resume", "").json().getString("operationType"));
    assertEquals("RUNNING", status());
    http.post(vm + "/stop", "");
    assertEquals(400, http.post(vm + "/suspend", "").status(), "only a running VM can be suspended");
    assertEquals(400, http.post(vm + "/resume", "").status(), "only a suspended VM can be resumed");
  }

  @Test
  void aSuspendedVmCanBeStopped() {
    http.post(vm + "/suspend", "");
    assertEquals(200, http.post(vm + "/stop", "").status());
    assertEquals("TERMINATED", status());
  }

  @Test
  void setMachineTypeNeedsAStoppedVm() {
    JsonObject request = new JsonObject().put("machineType", "zones/" + ZONE + "/machineTypes/n2-standard-4");
    Http.Response running = http.post(vm + "/setMachineType", request);
    assertEquals(400, running.status());
    assertEquals("resourceNotReady", running.reason());

    http.post(vm + "/stop", "");
    assertEquals("setMachineType", http.post(vm + "/setMachineType", request).json().getString("operationType"));
    assertTrue(http.get(vm).json().getString("machineType").endsWith("/machineTypes/n2-standard-4"));

    Http.Response unknown = http.post(vm + "/setMachineType", new JsonObject().put("machineType", "zones/" + ZONE + "/machineTypes/x9"));
    assertEquals(400, unknown.status());
    assertEquals("invalid", unknown.reason());
    Http.Response missing = http.post(vm + "/setMachineType", "{}");
    assertEquals(400, missing.status());
    assertEquals("Required field 'machineType' not specified", missing.message());
  }

  @Test
  void deletionProtectionIsSetThroughItsMethodAndBlocksDelete() {
    JsonObject op = http.post(vm + "/setDeletionProtection", "").json();
    assertEquals("setDeletionProtection", op.getString("operationType"));
    assertEquals(true, http.get(vm).json().getBoolean("deletionProtection"));
    Http.Response refused = http.delete(vm);
    assertEquals(400, refused.status());
    assertEquals("invalidResourceUsage", refused.reason());
    assertEquals("Invalid resource usage: 'Resource cannot be deleted if it's protected against deletion.'.", refused.message());
    http.post(vm + "/setDeletionProtection?deletionProtection=false", "");
    assertEquals(false, http.get(vm).json().getBoolean("deletionProtection"));
    assertEquals(200, http.delete(vm).status());
  }

  @Test
  void updateReplacesTheUpdatableFieldsUnderTheInstanceFingerprint() {
    JsonObject current = http.get(vm).json();
    JsonObject changed = current.copy()
      .put("description", "updated")
      .put("labels", new JsonObject().put("env", "prod"))
      .put("metadata", new JsonObject().put("items", new JsonArray().add(new JsonObject().put("key", "k").put("value", "v"))));
    JsonObject op = http.method("PUT", vm, changed.encode()).json();
    assertEquals("update", op.getString("operationType"));
    JsonObject updated = http.get(vm).json();
    assertEquals("updated", updated.getString("description"));
    assertEquals(new JsonObject().put("env", "prod"), updated.getJsonObject("labels"));
    assertEquals("k", updated.getJsonObject("metadata").getJsonArray("items").getJsonObject(0).getString("key"));
    assertNotEquals(current.getString("fingerprint"), updated.getString("fingerprint"));
    assertEquals(current.getJsonArray("networkInterfaces"), updated.getJsonArray("networkInterfaces"));

    Http.Response stale = http.method("PUT", vm, changed.encode());
    assertEquals(412, stale.status());
    assertEquals("conditionNotMet", stale.reason());
    JsonObject withoutFingerprint = changed.copy();
    withoutFingerprint.remove("fingerprint");
    assertEquals("Required field 'resource.fingerprint' not specified", http.method("PUT", vm, withoutFingerprint.encode()).message());
    JsonObject newType = updated.copy().put("machineType", "zones/" + ZONE + "/machineTypes/e2-small");
    assertEquals("resourceNotReady", http.method("PUT", vm, newType.encode()).reason(), "a new machine type needs a stopped VM");
  }

  @Test
  void theConsoleTellsTheLifeOfTheVmAndPagesByByteOffsets() {
    http.post(vm + "/stop", "");
    http.post(vm + "/start", "");
    JsonObject all = http.get(vm + "/serialPort").json();
    String contents = all.getString("contents");
    assertTrue(contents.contains("Found startup-script in metadata."), contents);
    assertTrue(contents.contains("reboot: Power down"));
    assertTrue(contents.matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\S+ SeaBIOS .*"), "each line starts with its time");
    assertTrue(contents.lastIndexOf("SeaBIOS") > contents.indexOf("reboot: Power down"), "booted again after the stop");
    long next = Long.parseLong(all.getString("next"));
    assertEquals(contents.length(), next);

    JsonObject nothingNew = http.get(vm + "/serialPort?start=" + next).json();
    assertEquals("", nothingNew.getString("contents"));
    assertEquals(Long.toString(next), nothingNew.getString("next"));
    http.post(vm + "/reset", "");
    JsonObject fresh = http.get(vm + "/serialPort?start=" + next).json();
    assertTrue(fresh.getString("contents").contains("reboot: Restarting system"));
    assertEquals(Long.toString(next), fresh.getString("start"));
    assertFalse(fresh.getString("contents").contains("reboot: Power down"));
  }
}
