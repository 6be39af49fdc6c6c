package io.gceemu.lifecycle;

import com.google.cloud.compute.v1.Image;
import com.google.cloud.compute.v1.ImagesClient;
import com.google.cloud.compute.v1.Operation;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Gcloud;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The global owner's operations take time as the zones' do, chosen by method: a snapshot is
 * CREATING, then UPLOADING, then READY; an image PENDING, then READY. Meanwhile neither can be
 * changed or made from, as on GCE; {@code globalOperations.wait} answers once DONE.
 */
class GlobalPhasesTest {

  private static final String ZONE = "europe-west1-b";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static ImagesClient images;
  @TempDir
  static Path config;

  @BeforeAll
  static void clients() {
    images = JavaClients.images(EMULATOR.baseUrl());
  }

  @AfterAll
  static void close() {
    images.close();
  }

  @AfterEach
  void backToDefaults() {
    assertEquals(200, EMULATOR.http().method("PUT", "/_emulator/progression", "{\"mode\": \"default\"}").status());
  }

  private static void choose(String body) {
    Http.Response chosen = EMULATOR.http().method("PUT", "/_emulator/progression", body);
    assertEquals(200, chosen.status(), chosen.body());
  }

  private static String disk(String project, String name) {
    Http.Response made = EMULATOR.http().post(Http.zonePath(project, ZONE) + "/disks", new JsonObject().put("name", name));
    assertEquals(200, made.status(), made.body());
    return "zones/" + ZONE + "/disks/" + name;
  }

  /** Posts an insert of the global scope, whose operation is still running when it answers. */
  private static JsonObject running(String global, String collection, JsonObject body) {
    JsonObject insert = EMULATOR.http().post(global + "/" + collection, body).json();
    assertEquals("RUNNING", insert.getString("status"), insert.encode());
    return insert;
  }

  @Test
  void aSnapshotIsCreatingThenUploadingThenReadyAndCannotBeUsedMeanwhile() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String global = "/compute/v1/projects/" + project + "/global";
    choose("{\"method\": \"compute.snapshots.insert\", \"mode\": \"manual\", \"reads\": 0}");
    JsonObject insert = running(global, "snapshots", new JsonObject().put("name", "slow").put("sourceDisk", disk(project, "data")));
    assertFalse(insert.containsKey("zone"), "a global operation");
    assertEquals("CREATING", http.get(global + "/snapshots/slow").json().getString("status"));

    Http.Response delete = http.delete(global + "/snapshots/slow");
    assertEquals(400, delete.status(), delete.body());
    assertEquals("resourceNotReady", delete.reason());
    assertEquals("The resource 'projects/" + project + "/global/snapshots/slow' is not ready", delete.message());
    Http.Response restore = http.post(Http.zonePath(project, ZONE) + "/disks",
      new JsonObject().put("name", "early").put("sourceSnapshot", "global/snapshots/slow"));
    assertEquals(400, restore.status(), restore.body());
    assertEquals("resourceNotReady", restore.reason());
    Http.Response early = http.delete(global + "/operations/" + insert.getString("name"));
    assertEquals(400, early.status(), "an operation in flight is not deleted");

    String advance = "/_emulator/projects/" + project + "/global/operations/" + insert.getString("name") + "/advance";
    assertEquals("RUNNING", http.post(advance, "").json().getString("status"));
    assertEquals("UPLOADING", http.get(global + "/snapshots/slow").json().getString("status"));
    JsonObject done = http.post(advance, "").json();
    assertEquals("DONE", done.getString("status"));
    assertEquals(100, done.getInteger("progress"));
    assertEquals("READY", http.get(global + "/snapshots/slow").json().getString("status"));
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/disks",
      new JsonObject().put("name", "restored").put("sourceSnapshot", "global/snapshots/slow")).status());
  }

  @Test
  void everyNthReadOfAGlobalOperationMovesItOn() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String global = "/compute/v1/projects/" + project + "/global";
    choose("{\"method\": \"compute.snapshots.insert\", \"mode\": \"manual\", \"reads\": 2}");
    JsonObject insert = running(global, "snapshots", new JsonObject().put("name", "read").put("sourceDisk", disk(project, "src")));
    String operation = global + "/operations/" + insert.getString("name");
    assertEquals("RUNNING", http.get(operation).json().getString("status"));
    assertEquals("CREATING", http.get(global + "/snapshots/read").json().getString("status"), "one read is not enough");
    http.get(operation);
    assertEquals("UPLOADING", http.get(global + "/snapshots/read").json().getString("status"));
    http.get(operation);
    http.get(operation);
    assertEquals("DONE", http.get(operation).json().getString("status"));
    assertEquals("READY", http.get(global + "/snapshots/read").json().getString("status"));
  }

  @Test
  void anImageIsPendingUntilItsInsertIsDoneAndAWaitAnswersThen() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String global = "/compute/v1/projects/" + project + "/global";
    choose("{\"method\": \"compute.images.insert\", \"mode\": \"time\", \"durationMs\": 800}");
    JsonObject insert = running(global, "images", new JsonObject().put("name", "golden").put("sourceDisk", disk(project, "builder")));
    assertEquals("PENDING", http.get(global + "/images/golden").json().getString("status"));
    Http.Response copy = http.post(global + "/images", new JsonObject().put("name", "copy").put("sourceImage", "global/images/golden"));
    assertEquals(400, copy.status(), copy.body());
    assertEquals("resourceNotReady", copy.reason());

    JsonObject waited = http.post(global + "/operations/" + insert.getString("name") + "/wait", "").json();
    assertEquals("DONE", waited.getString("status"), "the wait is held until the image is made");
    assertEquals("READY", http.get(global + "/images/golden").json().getString("status"));
  }

  /** gcloud waits on global operations that take time: when it returns, the snapshot and the image are READY. */
  @Test
  void gcloudWaitsForASnapshotAndAnImageThatTakeTime() {
    Gcloud gcloud = Gcloud.installedOrSkip("GlobalPhasesTest", config, EMULATOR.baseUrl() + "/compute/v1/");
    String project = Http.newProject();
    String global = "/compute/v1/projects/" + project + "/global";
    choose("{\"method\": \"compute.snapshots.insert\", \"mode\": \"time\", \"durationMs\": 600}");
    choose("{\"method\": \"compute.images.insert\", \"mode\": \"time\", \"durationMs\": 800}");
    disk(project, "data");
    gcloud.run(project, "compute", "snapshots", "create", "nightly", "--source-disk", "data", "--source-disk-zone", ZONE).ok();
    assertEquals("READY", EMULATOR.http().get(global + "/snapshots/nightly").json().getString("status"));
    gcloud.run(project, "compute", "images", "create", "golden", "--source-disk", "data", "--source-disk-zone", ZONE).ok();
    assertEquals("READY", EMULATOR.http().get(global + "/images/golden").json().getString("status"));
  }

  /** The Java client polls the global operation of an image that takes time until it is DONE. */
  @Test
  void theJavaClientWaitsForAnImageThatTakesTime() throws Exception {
    String project = Http.newProject();
    choose("{\"method\": \"compute.images.insert\", \"mode\": \"time\", \"durationMs\": 500}");
    Operation made = images.insertAsync(project, Image.newBuilder().setName("baked").setSourceDisk(disk(project, "oven")).build()).get();
    assertEquals(Operation.Status.DONE, made.getStatus());
    assertEquals("READY", images.get(project, "baked").getStatus());
  }
}
