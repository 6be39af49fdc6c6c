package io.gceemu.disks;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.Disk;
import com.google.cloud.compute.v1.DisksClient;
import com.google.cloud.compute.v1.DisksResizeRequest;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.ZoneSetLabelsRequest;
import io.gceemu.support.Bodies;
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
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zonal persistent disks through the official Java client and raw HTTP: made blank or from an
 * image, read by name and id, listed, grown, labelled and deleted; and used by instances, whose
 * boot disks are real disks, attached and detached, refused deletion while in use and deleted
 * with the instance when autoDelete.
 */
class DisksTest {

  private static final String ZONE = "us-central1-a";
  private static final String LINKS = "https://www.googleapis.com/compute/v1/";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  @TempDir
  static Path config;
  private static DisksClient disks;
  private static InstancesClient instances;

  @BeforeAll
  static void start() {
    disks = JavaClients.disks(EMULATOR.baseUrl());
    instances = JavaClients.instances(EMULATOR.baseUrl());
  }

  @AfterAll
  static void stop() {
    disks.close();
    instances.close();
  }

  @Test
  void aBlankDiskAndOneFromAFamilyAreMadeReadAndListed() throws Exception {
    String project = Http.newProject();
    Operation blank = disks.insertAsync(project, ZONE, Disk.newBuilder().setName("blank").build()).get();
    assertEquals("insert", blank.getOperationType());
    assertEquals("DONE", blank.getStatus().name());
    Disk made = disks.get(project, ZONE, "blank");
    assertEquals(Long.toString(made.getId()), Long.toString(blank.getTargetId()), "an operation's targetId is its disk's id");
    assertEquals(500, made.getSizeGb(), "a blank pd-standard without a size is 500 GB");
    assertEquals("READY", made.getStatus());
    assertEquals(LINKS + "projects/" + project + "/zones/" + ZONE + "/diskTypes/pd-standard", made.getType());
    assertEquals(LINKS + "projects/" + project + "/zones/" + ZONE + "/disks/blank", made.getSelfLink());
    assertEquals(4096, made.getPhysicalBlockSizeBytes());
    assertFalse(made.hasSourceImage());
    assertEquals(0, made.getUsersCount());
    assertEquals(made, disks.get(project, ZONE, Long.toString(made.getId())), "a disk is found by its numeric id too");

    disks.insertAsync(project, ZONE, Disk.newBuilder().setName("debian").setSizeGb(20).setType("zones/" + ZONE + "/diskTypes/pd-ssd")
      .setSourceImage("projects/debian-cloud/global/images/family/debian-12").putLabels("env", "dev").build()).get();
    Disk debian = disks.get(project, ZONE, "debian");
    assertEquals(LINKS + "projects/debian-cloud/global/images/debian-12-bookworm-v20261118", debian.getSourceImage(),
      "a family is resolved to its image when the disk is made");
    assertEquals("1007600314507251678", debian.getSourceImageId());
    assertEquals(List.of(LINKS + "projects/debian-cloud/global/licenses/debian-12-bookworm"), debian.getLicensesList());
    assertEquals(List.of(2147286739765738111L), debian.getLicenseCodesList());
    assertEquals("X86_64", debian.getArchitecture());
    assertEquals(20, debian.getSizeGb());
    assertEquals(Map.of("env", "dev"), debian.getLabelsMap());
    assertTrue(debian.getType().endsWith("/diskTypes/pd-ssd"));

    List<String> names = new ArrayList<>();
    disks.list(project, ZONE).iterateAll().forEach(disk -> names.add(disk.getName()));
    assertEquals(List.of("blank", "debian"), names);
    int found = 0;
    for (var scope : disks.aggregatedList(project).iterateAll()) {
      found += scope.getValue().getDisksCount();
      if (scope.getValue().getDisksCount() > 0) {
        assertEquals("zones/" + ZONE, scope.getKey());
      }
    }
    assertEquals(2, found);
  }

  /**
   * A reference holding text no GCE name can have (a NUL, which Postgres refuses) names nothing:
   * GCE's "cannot be found" or 404, never a 503, in bodies, in the family routes and in an
   * instance's disks alike.
   */
  @Test
  void aReferenceNoNameCouldMatchIsOneThatCannotBeFound() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String disks = Http.zonePath(project, ZONE) + "/disks";
    String nul = "\u0000";
    Http.Response image = http.post(disks, new JsonObject().put("name", "d").put("sourceImage", "global/images/family/a" + nul));
    assertEquals(400, image.status(), image.body());
    assertEquals("invalid", image.reason());
    assertEquals("Invalid value for field 'resource.sourceImage': 'global/images/family/a" + nul
      + "'. The referenced image resource cannot be found.", image.message());
    Http.Response snapshot = http.post(disks, new JsonObject().put("name", "d").put("sourceSnapshot", "global/snapshots/s" + nul));
    assertEquals(400, snapshot.status(), snapshot.body());
    assertEquals("Invalid value for field 'resource.sourceSnapshot': 'global/snapshots/s" + nul
      + "'. The referenced snapshot resource cannot be found.", snapshot.message());
    Http.Response family = http.get("/compute/v1/projects/" + project + "/global/images/family/%00");
    assertEquals(400, family.status(), family.body());
    assertEquals("invalid", family.reason());
    Http.Response attached = http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("vm", ZONE)
      .put("disks", new JsonArray().add(new JsonObject().put("boot", true).put("source", "zones/" + ZONE + "/disks/x" + nul))));
    assertEquals(404, attached.status(), attached.body());
    assertEquals("notFound", attached.reason());
    assertEquals(200, http.get(disks).status());
  }

  /** gcloud sends sourceImage as a query parameter, Terraform sizeGb as a number; GCE answers sizes as strings. */
  @Test
  void theImageMayComeInTheQueryAndTheSizeAsANumber() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String path = Http.zonePath(project, ZONE) + "/disks";
    assertEquals(200, http.post(path + "?sourceImage=projects/debian-cloud/global/images/family/debian-12",
      new JsonObject().put("name", "from-query").put("sizeGb", 15)).status());
    JsonObject disk = http.get(path + "/from-query").json();
    assertEquals("15", disk.getString("sizeGb"));
    assertEquals(LINKS + "projects/debian-cloud/global/images/debian-12-bookworm-v20261118", disk.getString("sourceImage"));
  }

  @Test
  void aDiskGrowsAndNeverShrinksAndItsLabelsNeedTheirFingerprint() throws Exception {
    String project = Http.newProject();
    disks.insertAsync(project, ZONE, Disk.newBuilder().setName("data").setSizeGb(60).build()).get();
    Operation resized = disks.resizeAsync(project, ZONE, "data", DisksResizeRequest.newBuilder().setSizeGb(100).build()).get();
    assertEquals("resizeDisk", resized.getOperationType());
    assertEquals(100, disks.get(project, ZONE, "data").getSizeGb());
    Http.Response shrink = EMULATOR.http().post(Http.zonePath(project, ZONE) + "/disks/data/resize", "{\"sizeGb\":\"50\"}");
    assertEquals(400, shrink.status());
    assertEquals("invalid", shrink.reason());
    assertEquals("Invalid value for field 'sizeGb': '50'. New disk size '50' GiB must be larger than existing size '100' GiB.",
      shrink.message());

    String fingerprint = disks.get(project, ZONE, "data").getLabelFingerprint();
    Operation setLabels = disks.setLabelsAsync(project, ZONE, "data", ZoneSetLabelsRequest.newBuilder().putLabels("tier", "gold")
      .setLabelFingerprint(fingerprint).build()).get();
    assertEquals("setLabels", setLabels.getOperationType(), "only an instance's setLabels is shown as compute.instance.setLabels");
    Disk labelled = disks.get(project, ZONE, "data");
    assertEquals(Map.of("tier", "gold"), labelled.getLabelsMap());
    ExecutionException stale = assertThrows(ExecutionException.class, () -> disks.setLabelsAsync(project, ZONE, "data",
      ZoneSetLabelsRequest.newBuilder().putLabels("tier", "silver").setLabelFingerprint(fingerprint).build()).get());
    assertEquals(StatusCode.Code.FAILED_PRECONDITION, ((ApiException) stale.getCause()).getStatusCode().getCode(),
      "GCE's 412, as the client reports it");
    assertEquals(Map.of("tier", "gold"), disks.get(project, ZONE, "data").getLabelsMap(), "a refused change changes nothing");

    disks.deleteAsync(project, ZONE, "data").get();
    assertThrows(NotFoundException.class, () -> disks.get(project, ZONE, "data"));
  }

  /** Terraform reads the boot disk of every instance on every refresh, from disks[0].source. */
  @Test
  void anInstancesBootDiskIsADiskItUsesAndTakesWithItWhenAutoDelete() throws Exception {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("web", ZONE)).status());
    String source = instances.get(project, ZONE, "web").getDisks(0).getSource();
    assertEquals(LINKS + "projects/" + project + "/zones/" + ZONE + "/disks/web", source);
    Disk boot = disks.get(project, ZONE, "web");
    assertEquals(List.of(LINKS + "projects/" + project + "/zones/" + ZONE + "/instances/web"), boot.getUsersList());
    assertTrue(boot.hasLastAttachTimestamp());
    assertEquals(LINKS + "projects/debian-cloud/global/images/debian-12-bookworm-v20261118", boot.getSourceImage());
    assertEquals(10, boot.getSizeGb());

    Http.Response inUse = http.delete(Http.zonePath(project, ZONE) + "/disks/web");
    assertEquals(400, inUse.status());
    assertEquals("resourceInUseByAnotherResource", inUse.reason());
    assertEquals("The disk resource 'projects/" + project + "/zones/" + ZONE + "/disks/web' is already being used by 'projects/"
      + project + "/zones/" + ZONE + "/instances/web'", inUse.message());

    JsonObject again = Bodies.instance("web2", ZONE);
    again.getJsonArray("disks").getJsonObject(0).getJsonObject("initializeParams").put("diskName", "web");
    Http.Response taken = http.post(Http.zonePath(project, ZONE) + "/instances", again);
    assertEquals(409, taken.status());
    assertEquals("The resource 'projects/" + project + "/zones/" + ZONE + "/disks/web' already exists", taken.message());
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/instances/web2").status(), "a refused insert makes no instance");

    instances.deleteAsync(project, ZONE, "web").get();
    assertThrows(NotFoundException.class, () -> disks.get(project, ZONE, "web"), "an autoDelete disk goes with its instance");
  }

  @Test
  void aDiskIsAttachedDetachedAndOutlivesAnInstanceThatDoesNotAutoDeleteIt() throws Exception {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    disks.insertAsync(project, ZONE, Disk.newBuilder().setName("data").setSizeGb(50).build()).get();
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("app", ZONE)).status());
    Operation attached = instances.attachDiskAsync(project, ZONE, "app", AttachedDisk.newBuilder()
      .setSource("projects/" + project + "/zones/" + ZONE + "/disks/data").build()).get();
    assertEquals("attachDisk", attached.getOperationType());
    assertTrue(attached.getTargetLink().endsWith("/instances/app"));
    AttachedDisk second = instances.get(project, ZONE, "app").getDisks(1);
    assertEquals("data", second.getDeviceName(), "an attached disk's device name defaults to the disk's name");
    assertEquals(1, second.getIndex());
    assertEquals(50, second.getDiskSizeGb());
    assertEquals(List.of(LINKS + "projects/" + project + "/zones/" + ZONE + "/instances/app"), disks.get(project, ZONE, "data").getUsersList());

    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("other", ZONE)).status());
    Http.Response twice = http.post(Http.zonePath(project, ZONE) + "/instances/other/attachDisk",
      new JsonObject().put("source", "zones/" + ZONE + "/disks/data"));
    assertEquals(400, twice.status());
    assertEquals("resourceInUseByAnotherResource", twice.reason());

    instances.detachDiskAsync(project, ZONE, "app", "data").get();
    assertEquals(1, instances.get(project, ZONE, "app").getDisksCount());
    Disk detached = disks.get(project, ZONE, "data");
    assertEquals(0, detached.getUsersCount());
    assertTrue(detached.hasLastDetachTimestamp());
    Http.Response noDevice = http.post(Http.zonePath(project, ZONE) + "/instances/app/detachDisk?deviceName=data", "");
    assertEquals(400, noDevice.status());

    instances.attachDiskAsync(project, ZONE, "app", AttachedDisk.newBuilder().setSource("zones/" + ZONE + "/disks/data").build()).get();
    instances.setDiskAutoDeleteAsync(project, ZONE, "app", false, "persistent-disk-0").get();
    assertFalse(instances.get(project, ZONE, "app").getDisks(0).getAutoDelete());
    instances.deleteAsync(project, ZONE, "app").get();
    assertEquals(0, disks.get(project, ZONE, "data").getUsersCount(), "a disk without autoDelete stays, used by nobody");
    assertEquals(0, disks.get(project, ZONE, "app").getUsersCount(), "the boot disk no longer auto-deletes");
    assertEquals(200, http.delete(Http.zonePath(project, ZONE) + "/disks/data").status());
  }

  @Test
  void anInstanceBootsFromAnExistingDiskNoOtherUses() throws Exception {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    disks.insertAsync(project, ZONE, Disk.newBuilder().setName("root")
      .setSourceImage("projects/debian-cloud/global/images/family/debian-12").build()).get();
    JsonObject body = Bodies.instance("vm", ZONE).put("disks", new JsonArray().add(new JsonObject().put("boot", true)
      .put("source", "zones/" + ZONE + "/disks/root")));
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", body).status());
    AttachedDisk disk = instances.get(project, ZONE, "vm").getDisks(0);
    assertEquals(List.of(LINKS + "projects/debian-cloud/global/licenses/debian-12-bookworm"), disk.getLicensesList());
    assertFalse(disk.getAutoDelete());
    Http.Response taken = http.post(Http.zonePath(project, ZONE) + "/instances", body.copy().put("name", "vm2"));
    assertEquals(400, taken.status());
    assertEquals("The disk resource 'projects/" + project + "/zones/" + ZONE + "/disks/root' is already being used by 'projects/"
      + project + "/zones/" + ZONE + "/instances/vm'", taken.message());
  }

  @Test
  void badDiskRequestsGetGcesErrors() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String path = Http.zonePath(project, ZONE) + "/disks";
    Http.Response noName = http.post(path, new JsonObject().put("sizeGb", "10"));
    assertEquals(400, noName.status());
    assertEquals("required", noName.reason());
    Http.Response type = http.post(path, new JsonObject().put("name", "d").put("type", "zones/" + ZONE + "/diskTypes/pd-floppy"));
    assertEquals(400, type.status());
    assertEquals("Invalid value for field 'resource.type': 'zones/" + ZONE + "/diskTypes/pd-floppy'. "
      + "The referenced diskType resource cannot be found.", type.message());
    Http.Response small = http.post(path, new JsonObject().put("name", "d").put("sizeGb", "5")
      .put("sourceImage", "projects/rocky-linux-cloud/global/images/family/rocky-linux-9"));
    assertEquals("Invalid value for field 'resource.sizeGb': '5'. Requested disk size cannot be smaller than the image size (20 GB)",
      small.message());
    assertEquals(400, http.post(path, new JsonObject().put("name", "d").put("sizeGb", "abc")).status());
    Http.Response tiny = http.post(path, new JsonObject().put("name", "d").put("sizeGb", 5));
    assertEquals("Invalid value for field 'resource.sizeGb': '5'. Disk size cannot be smaller than 10 GB for disk type pd-standard.",
      tiny.message());
    assertEquals(400, http.post(path, new JsonObject().put("name", "Bad_Name")).status());
    Http.Response missing = http.get(path + "/nothing");
    assertEquals(404, missing.status());
    assertEquals("The resource 'projects/" + project + "/zones/" + ZONE + "/disks/nothing' was not found", missing.message());
    assertEquals(404, http.delete(path + "/nothing").status());
    assertEquals(404, http.post(path + "/nothing/resize", "{\"sizeGb\":\"20\"}").status());
    assertEquals(400, http.post(path + "/nothing/resize", "{}").status(), "resize needs a size");
    assertEquals(404, http.get(path.replace("disks", "disks/nothing")).status());
    assertFalse(http.get(path).json().containsKey("items"), "nothing was made by a refused request");
  }

  /** What a gcloud user types: disks made, listed, grown, attached, refused deletion while in use, detached and deleted. */
  @Test
  void gcloudManagesDisksAndAttachesThemToInstances() {
    Gcloud gcloud = Gcloud.installedOrSkip("DisksTest", config, EMULATOR.baseUrl() + "/compute/v1/");
    String project = Http.newProject();
    gcloud.run(project, "compute", "disks", "create", "data", "--zone", ZONE, "--size", "20GB").ok();
    gcloud.run(project, "compute", "disks", "create", "root", "--zone", ZONE, "--image-family", "debian-12",
      "--image-project", "debian-cloud").ok();
    JsonArray listed = new JsonArray(gcloud.run(project, "compute", "disks", "list", "--format=json").ok().out());
    assertEquals(List.of("data", "root"), listed.stream().map(disk -> ((JsonObject) disk).getString("name")).toList());
    gcloud.run(project, "compute", "disks", "resize", "data", "--zone", ZONE, "--size", "30GB").ok();
    JsonObject data = new JsonObject(gcloud.run(project, "compute", "disks", "describe", "data", "--zone", ZONE, "--format=json").ok().out());
    assertEquals("30", data.getString("sizeGb"));
    JsonObject root = new JsonObject(gcloud.run(project, "compute", "disks", "describe", "root", "--zone", ZONE, "--format=json").ok().out());
    assertEquals(LINKS + "projects/debian-cloud/global/images/debian-12-bookworm-v20261118", root.getString("sourceImage"));

    gcloud.run(project, "compute", "instances", "create", "vm", "--zone", ZONE, "--disk", "name=root,boot=yes").ok();
    gcloud.run(project, "compute", "disks", "add-labels", "data", "--zone", ZONE, "--labels=tier=gold").ok();
    assertEquals(new JsonObject().put("tier", "gold"),
      EMULATOR.http().get(Http.zonePath(project, ZONE) + "/disks/data").json().getJsonObject("labels"));
    gcloud.run(project, "compute", "instances", "attach-disk", "vm", "--disk", "data", "--zone", ZONE).ok();
    gcloud.run(project, "compute", "instances", "set-disk-auto-delete", "vm", "--disk", "data", "--auto-delete", "--zone", ZONE).ok();
    assertTrue(EMULATOR.http().get(Http.zonePath(project, ZONE) + "/instances/vm").json().getJsonArray("disks").getJsonObject(1)
      .getBoolean("autoDelete"), "gcloud's set-disk-auto-delete names the disk by its device name");
    Gcloud.Result inUse = gcloud.run(project, "compute", "disks", "delete", "data", "--zone", ZONE);
    assertTrue(inUse.exitCode() != 0 && inUse.err().contains("is already being used by 'projects/" + project + "/zones/" + ZONE
      + "/instances/vm'"), inUse.err());
    gcloud.run(project, "compute", "instances", "detach-disk", "vm", "--disk", "data", "--zone", ZONE).ok();
    gcloud.run(project, "compute", "disks", "delete", "data", "--zone", ZONE).ok();
    assertEquals(404, EMULATOR.http().get(Http.zonePath(project, ZONE) + "/disks/data").status());
    assertEquals(new JsonArray().add(LINKS + "projects/" + project + "/zones/" + ZONE + "/instances/vm"),
      EMULATOR.http().get(Http.zonePath(project, ZONE) + "/disks/root").json().getJsonArray("users"));
  }
}
