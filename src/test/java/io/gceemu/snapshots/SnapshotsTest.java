package io.gceemu.snapshots;

import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.compute.v1.Disk;
import com.google.cloud.compute.v1.DisksClient;
import com.google.cloud.compute.v1.GlobalOperationsClient;
import com.google.cloud.compute.v1.GlobalSetLabelsRequest;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Snapshot;
import com.google.cloud.compute.v1.SnapshotsClient;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Gcloud;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots: global resources made from a zonal disk by disks.createSnapshot (a zonal operation on
 * the disk, as GCE reports it) or by snapshots.insert (a global one); read, listed, labelled and
 * deleted through the global owner; disks restored from them. Through the official Java client,
 * raw HTTP and gcloud.
 */
class SnapshotsTest {

  private static final String ZONE = "europe-west1-b";
  private static final String LINKS = "https://www.googleapis.com/compute/v1/";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  @TempDir
  static Path config;
  private static DisksClient disks;
  private static SnapshotsClient snapshots;
  private static GlobalOperationsClient globalOperations;

  @BeforeAll
  static void start() {
    disks = JavaClients.disks(EMULATOR.baseUrl());
    snapshots = JavaClients.snapshots(EMULATOR.baseUrl());
    globalOperations = JavaClients.globalOperations(EMULATOR.baseUrl());
  }

  @AfterAll
  static void stop() {
    disks.close();
    snapshots.close();
    globalOperations.close();
  }

  @Test
  void aDisksSnapshotIsAGlobalResourceMadeByAZonalOperationOnTheDisk() throws Exception {
    String project = Http.newProject();
    disks.insertAsync(project, ZONE, Disk.newBuilder().setName("root").setSizeGb(15)
      .setSourceImage("projects/debian-cloud/global/images/family/debian-12").build()).get();
    Disk disk = disks.get(project, ZONE, "root");
    Operation made = disks.createSnapshotAsync(project, ZONE, "root", Snapshot.newBuilder().setName("nightly")
      .putLabels("kind", "backup").build()).get();
    assertEquals("createSnapshot", made.getOperationType());
    assertTrue(made.getZone().endsWith("/zones/" + ZONE), "a zonal operation");
    assertEquals(disk.getSelfLink(), made.getTargetLink(), "whose target is the disk");

    Snapshot snapshot = snapshots.get(project, "nightly");
    assertEquals("READY", snapshot.getStatus());
    assertEquals(disk.getSelfLink(), snapshot.getSourceDisk());
    assertEquals(Long.toString(disk.getId()), snapshot.getSourceDiskId());
    assertEquals(15, snapshot.getDiskSizeGb());
    assertEquals(List.of("eu"), snapshot.getStorageLocationsList(), "kept in the multi-region of the disk's zone");
    assertEquals(disk.getLicensesList(), snapshot.getLicensesList());
    assertEquals(Map.of("kind", "backup"), snapshot.getLabelsMap());
    assertEquals(LINKS + "projects/" + project + "/global/snapshots/nightly", snapshot.getSelfLink());
    assertEquals(snapshot, snapshots.get(project, Long.toString(snapshot.getId())), "found by its numeric id too");

    Http.Response again = EMULATOR.http().post(Http.zonePath(project, ZONE) + "/disks/root/createSnapshot",
      new JsonObject().put("name", "nightly"));
    assertEquals(409, again.status());
    assertEquals("The resource 'projects/" + project + "/global/snapshots/nightly' already exists", again.message());
  }

  @Test
  void aSnapshotIsInsertedListedLabelledAndDeletedInTheGlobalScope() throws Exception {
    String project = Http.newProject();
    disks.insertAsync(project, ZONE, Disk.newBuilder().setName("data").setSizeGb(30).build()).get();
    Operation inserted = snapshots.insertAsync(project, Snapshot.newBuilder().setName("weekly")
      .setSourceDisk("zones/" + ZONE + "/disks/data").build()).get();
    assertEquals("insert", inserted.getOperationType());
    assertFalse(inserted.hasZone(), "a global operation has no zone");
    assertEquals(inserted, globalOperations.get(project, inserted.getName()));
    Snapshot weekly = snapshots.get(project, "weekly");
    assertEquals(Long.toString(weekly.getId()), Long.toString(inserted.getTargetId()));

    disks.createSnapshotAsync(project, ZONE, "data", Snapshot.newBuilder().setName("daily").build()).get();
    List<String> names = new ArrayList<>();
    snapshots.list(project).iterateAll().forEach(snapshot -> names.add(snapshot.getName()));
    assertEquals(List.of("daily", "weekly"), names);

    Operation labelled = snapshots.setLabelsAsync(project, "weekly", GlobalSetLabelsRequest.newBuilder().putLabels("keep", "yes")
      .setLabelFingerprint(weekly.getLabelFingerprint()).build()).get();
    assertEquals("setLabels", labelled.getOperationType());
    assertEquals(Map.of("keep", "yes"), snapshots.get(project, "weekly").getLabelsMap());
    Http http = EMULATOR.http();
    Http.Response stale = http.post("/compute/v1/projects/" + project + "/global/snapshots/weekly/setLabels",
      new JsonObject().put("labels", new JsonObject()).put("labelFingerprint", weekly.getLabelFingerprint()));
    assertEquals(412, stale.status());
    assertEquals("Labels fingerprint either invalid or resource labels have changed", stale.message());

    Operation deleted = snapshots.deleteAsync(project, "weekly").get();
    assertEquals("delete", deleted.getOperationType());
    assertThrows(NotFoundException.class, () -> snapshots.get(project, "weekly"));
    assertEquals(404, http.delete("/compute/v1/projects/" + project + "/global/snapshots/weekly").status());
    Http.Response noDisk = http.post("/compute/v1/projects/" + project + "/global/snapshots",
      new JsonObject().put("name", "orphan").put("sourceDisk", "zones/" + ZONE + "/disks/gone"));
    assertEquals(404, noDisk.status());
    assertEquals("The resource 'projects/" + project + "/zones/" + ZONE + "/disks/gone' was not found", noDisk.message());
    assertEquals(400, http.post("/compute/v1/projects/" + project + "/global/snapshots", new JsonObject().put("name", "x")).status());
    assertEquals(400, http.post("/compute/v1/projects/" + project + "/global/snapshots", new JsonObject().put("name", "Bad_Name")
      .put("sourceDisk", "zones/" + ZONE + "/disks/data")).status());
  }

  @Test
  void aDiskIsRestoredFromASnapshotEvenAfterItsSourceDiskIsGone() throws Exception {
    String project = Http.newProject();
    disks.insertAsync(project, ZONE, Disk.newBuilder().setName("old").setSizeGb(40)
      .setSourceImage("projects/debian-cloud/global/images/family/debian-12").build()).get();
    disks.createSnapshotAsync(project, ZONE, "old", Snapshot.newBuilder().setName("keep").build()).get();
    disks.deleteAsync(project, ZONE, "old").get();
    disks.insertAsync(project, ZONE, Disk.newBuilder().setName("restored").setSourceSnapshot("global/snapshots/keep").build()).get();
    Disk restored = disks.get(project, ZONE, "restored");
    Snapshot keep = snapshots.get(project, "keep");
    assertEquals(keep.getSelfLink(), restored.getSourceSnapshot());
    assertEquals(Long.toString(keep.getId()), restored.getSourceSnapshotId());
    assertEquals(40, restored.getSizeGb(), "a restored disk is its snapshot's size");
    assertEquals(keep.getLicensesList(), restored.getLicensesList());
    Http.Response missing = EMULATOR.http().post(Http.zonePath(project, ZONE) + "/disks",
      new JsonObject().put("name", "nothing").put("sourceSnapshot", "projects/" + project + "/global/snapshots/none"));
    assertEquals(404, missing.status());
    assertEquals("The resource 'projects/" + project + "/global/snapshots/none' was not found", missing.message());
  }

  @Test
  void gcloudSnapshotsADiskListsDescribesRestoresAndDeletes() {
    Gcloud gcloud = Gcloud.installedOrSkip("SnapshotsTest", config, EMULATOR.baseUrl() + "/compute/v1/");
    String project = Http.newProject();
    gcloud.run(project, "compute", "disks", "create", "src", "--zone", ZONE, "--size", "25GB").ok();
    gcloud.run(project, "compute", "disks", "snapshot", "src", "--zone", ZONE, "--snapshot-names", "snap").ok();
    JsonArray listed = new JsonArray(gcloud.run(project, "compute", "snapshots", "list", "--format=json").ok().out());
    assertEquals(List.of("snap"), listed.stream().map(item -> ((JsonObject) item).getString("name")).toList());
    JsonObject described = new JsonObject(gcloud.run(project, "compute", "snapshots", "describe", "snap", "--format=json").ok().out());
    assertEquals("25", described.getString("diskSizeGb"));
    gcloud.run(project, "compute", "snapshots", "add-labels", "snap", "--labels=keep=yes").ok();
    assertEquals(new JsonObject().put("keep", "yes"),
      EMULATOR.http().get("/compute/v1/projects/" + project + "/global/snapshots/snap").json().getJsonObject("labels"));
    gcloud.run(project, "compute", "disks", "create", "copy", "--zone", ZONE, "--source-snapshot", "snap").ok();
    assertEquals(LINKS + "projects/" + project + "/global/snapshots/snap",
      EMULATOR.http().get(Http.zonePath(project, ZONE) + "/disks/copy").json().getString("sourceSnapshot"));
    gcloud.run(project, "compute", "snapshots", "delete", "snap").ok();
    assertEquals(404, EMULATOR.http().get("/compute/v1/projects/" + project + "/global/snapshots/snap").status());
  }
}
