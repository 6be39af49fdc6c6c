package io.gceemu.lifecycle;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a timed profile, every intermediate state of every transition is observable. */
class TimedTransitionsTest {

  private static final String ZONE = "us-central1-c";
  private static final long PHASE_MS = 300;

  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension(new JsonObject()
    .put("timing", "realistic")
    .put("transitionMs", new JsonObject()
      .put("compute.instances.insert.PROVISIONING", PHASE_MS).put("compute.instances.insert.STAGING", PHASE_MS)
      .put("compute.instances.start.PROVISIONING", PHASE_MS).put("compute.instances.start.STAGING", PHASE_MS)
      .put("compute.instances.resume.PROVISIONING", PHASE_MS).put("compute.instances.resume.STAGING", PHASE_MS)
      .put("compute.instances.stop.STOPPING", PHASE_MS).put("compute.instances.suspend.SUSPENDING", PHASE_MS).put("compute.instances.delete.STOPPING", PHASE_MS)
      .put("compute.instances.reset.RUNNING", PHASE_MS).put("compute.instances.setLabels.RUNNING", PHASE_MS)));

  private Http http;
  private String zonePath;
  private String vm;

  @BeforeEach
  void setUp() {
    http = EMULATOR.http();
    zonePath = Http.zonePath(Http.newProject(), ZONE);
    vm = zonePath + "/instances/timed";
  }

  @Test
  void insertGoesThroughProvisioningAndStaging() throws Exception {
    JsonObject insert = http.post(zonePath + "/instances", Bodies.instance("timed", ZONE)).json();
    assertEquals("RUNNING", insert.getString("status"), "the reply comes before the VM is up");
    assertEquals(0, insert.getInteger("progress"));
    assertNull(insert.getString("endTime"));
    assertEquals(List.of("PROVISIONING", "STAGING", "RUNNING"), List.copyOf(Polling.statusesUntil(http, vm, "RUNNING", 5_000)));
    JsonObject done = Polling.operation(http, zonePath, insert);
    assertEquals("DONE", done.getString("status"));
    assertEquals(100, done.getInteger("progress"));
    assertNotNull(done.getString("endTime"));
    assertEquals(insert.getString("startTime"), done.getString("startTime"));
  }

  @Test
  void stopStartSuspendResumeAndDeleteShowTheirIntermediateStates() throws Exception {
    http.post(zonePath + "/instances", Bodies.instance("timed", ZONE));
    Polling.statusesUntil(http, vm, "RUNNING", 5_000);

    http.post(vm + "/stop", "");
    assertEquals(List.of("STOPPING", "TERMINATED"), List.copyOf(Polling.statusesUntil(http, vm, "TERMINATED", 5_000)));
    http.post(vm + "/start", "");
    assertEquals(List.of("PROVISIONING", "STAGING", "RUNNING"), List.copyOf(Polling.statusesUntil(http, vm, "RUNNING", 5_000)));
    http.post(vm + "/suspend", "");
    assertEquals(List.of("SUSPENDING", "SUSPENDED"), List.copyOf(Polling.statusesUntil(http, vm, "SUSPENDED", 5_000)));
    assertNotNull(http.get(vm).json().getString("lastSuspendedTimestamp"));
    http.post(vm + "/resume", "");
    assertEquals(List.of("PROVISIONING", "STAGING", "RUNNING"), List.copyOf(Polling.statusesUntil(http, vm, "RUNNING", 5_000)));
    http.delete(vm);
    assertEquals(List.of("STOPPING", "HTTP 404"), List.copyOf(Polling.statusesUntil(http, vm, "HTTP 404", 5_000)));
  }

  @Test
  void aSecondLifecycleActionWhileOneIsInFlightIsNotReady() throws Exception {
    http.post(zonePath + "/instances", Bodies.instance("timed", ZONE));
    Http.Response stop = http.post(vm + "/stop", "");
    assertEquals(400, stop.status());
    assertEquals("resourceNotReady", stop.reason());
    assertEquals(400, http.post(vm + "/reset", "").status());

    JsonObject labels = new JsonObject().put("labels", new JsonObject().put("a", "b"))
      .put("labelFingerprint", http.get(vm).json().getString("labelFingerprint"));
    assertEquals(200, http.post(vm + "/setLabels", labels).status(), "labels may change while the VM boots");
    Polling.statusesUntil(http, vm, "RUNNING", 5_000);
    assertEquals(200, http.post(vm + "/stop", "").status());
  }

  @Test
  void deleteTakesOverFromAnOperationInFlight() throws Exception {
    JsonObject insert = http.post(zonePath + "/instances", Bodies.instance("timed", ZONE)).json();
    JsonObject delete = http.delete(vm).json();
    assertEquals("RUNNING", delete.getString("status"));
    Polling.statusesUntil(http, vm, "HTTP 404", 5_000);
    Thread.sleep(3 * PHASE_MS);
    assertEquals("DONE", Polling.operation(http, zonePath, insert).getString("status"), "the superseded insert still finishes");
    assertEquals("DONE", Polling.operation(http, zonePath, delete).getString("status"));
  }

  @Test
  void resetAndSettersRunForTheirPhaseAndLogToTheConsole() throws Exception {
    http.post(zonePath + "/instances", Bodies.instance("timed", ZONE));
    Polling.statusesUntil(http, vm, "RUNNING", 5_000);
    JsonObject reset = http.post(vm + "/reset", "").json();
    assertEquals("RUNNING", reset.getString("status"));
    JsonObject done = http.post(zonePath + "/operations/" + reset.getString("name") + "/wait", "").json();
    assertEquals("DONE", done.getString("status"));
    String console = http.get(vm + "/serialPort").json().getString("contents");
    assertTrue(console.contains("reboot: Restarting system"), console);
    assertFalse(http.get(vm).json().containsKey("lastStopTimestamp"));
  }

  /**
   * A wait outlasting one slice of the zone's (5 s, each slice a read the router may send again
   * while the zone moves) still answers once, when the operation is DONE.
   */
  @Test
  void aWaitLongerThanOneSliceAnswersWhenTheOperationIsDone() throws Exception {
    http.post(zonePath + "/instances", Bodies.instance("timed", ZONE));
    Polling.statusesUntil(http, vm, "RUNNING", 5_000);
    assertEquals(200, http.method("PUT", "/_emulator/progression",
      new JsonObject().put("operationType", "stop").put("mode", "time").put("durationMs", 6_500).encode()).status());
    try {
      JsonObject stop = http.post(vm + "/stop", "").json();
      long asked = System.nanoTime();
      JsonObject done = http.post(zonePath + "/operations/" + stop.getString("name") + "/wait", "").json();
      long waitedMs = (System.nanoTime() - asked) / 1_000_000;
      assertEquals("DONE", done.getString("status"), done.encode());
      assertTrue(waitedMs >= 5_000, "answered after " + waitedMs + " ms, before the operation could be DONE");
      assertEquals("TERMINATED", http.get(vm).json().getString("status"));
    } finally {
      assertEquals(200, http.method("PUT", "/_emulator/progression", new JsonObject().put("mode", "default").encode()).status());
    }
  }
}
