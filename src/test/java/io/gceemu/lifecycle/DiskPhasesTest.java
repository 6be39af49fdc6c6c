package io.gceemu.lifecycle;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A disk is CREATING while its insert runs and READY once it is DONE; its progression is chosen by
 * its method, {@code disks.insert}, apart from the instances' {@code insert}. While CREATING it
 * cannot be deleted or attached, as on GCE.
 */
class DiskPhasesTest {

  private static final String ZONE = "asia-east1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();

  @AfterEach
  void backToDefaults() {
    assertEquals(200, EMULATOR.http().method("PUT", "/_emulator/progression", "{\"mode\": \"default\"}").status());
  }

  @Test
  void aDiskIsCreatingUntilItsInsertIsDoneAndCannotBeUsedMeanwhile() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String zonePath = Http.zonePath(project, ZONE);
    Http.Response chosen = http.method("PUT", "/_emulator/progression", "{\"operationType\": \"disks.insert\", \"mode\": \"manual\", \"reads\": 0}");
    assertEquals(200, chosen.status(), chosen.body());
    JsonObject insert = http.post(zonePath + "/disks", new JsonObject().put("name", "slow").put("sizeGb", "20")).json();
    assertEquals("RUNNING", insert.getString("status"));
    assertEquals("insert", insert.getString("operationType"));
    assertEquals("CREATING", http.get(zonePath + "/disks/slow").json().getString("status"));

    Http.Response delete = http.delete(zonePath + "/disks/slow");
    assertEquals(400, delete.status());
    assertEquals("resourceNotReady", delete.reason());
    assertEquals(200, http.post(zonePath + "/instances", Bodies.instance("vm", ZONE)).status(), "an instance's insert is not a disk's");
    Http.Response attach = http.post(zonePath + "/instances/vm/attachDisk", new JsonObject().put("source", "zones/" + ZONE + "/disks/slow"));
    assertEquals(400, attach.status());
    assertEquals("resourceNotReady", attach.reason());
    assertEquals("READY", http.get(zonePath + "/disks/vm").json().getString("status"), "a boot disk is made with its instance");

    JsonObject done = http.post("/_emulator/projects/" + project + "/zones/" + ZONE + "/operations/" + insert.getString("name")
      + "/advance", "").json();
    assertEquals("DONE", done.getString("status"));
    assertEquals("READY", http.get(zonePath + "/disks/slow").json().getString("status"));
    assertEquals(200, http.post(zonePath + "/instances/vm/attachDisk", new JsonObject().put("source", "zones/" + ZONE + "/disks/slow"))
      .status());
  }
}
