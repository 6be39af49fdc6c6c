package io.gceemu.images;

import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.compute.v1.DeprecationStatus;
import com.google.cloud.compute.v1.Disk;
import com.google.cloud.compute.v1.DisksClient;
import com.google.cloud.compute.v1.GlobalSetLabelsRequest;
import com.google.cloud.compute.v1.Image;
import com.google.cloud.compute.v1.ImagesClient;
import com.google.cloud.compute.v1.InsertImageRequest;
import com.google.cloud.compute.v1.Operation;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A project's own images, beside the public ones: made from a disk (forceCreate while in use), a
 * snapshot or another image; found by family; deprecated, labelled, deleted; and booted from. The
 * public projects' images are read by every project and written by none.
 */
class ImagesTest {

  private static final String ZONE = "us-east1-b";
  private static final String LINKS = "https://www.googleapis.com/compute/v1/";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  @TempDir
  static Path config;
  private static ImagesClient images;
  private static DisksClient disks;

  @BeforeAll
  static void start() {
    images = JavaClients.images(EMULATOR.baseUrl());
    disks = JavaClients.disks(EMULATOR.baseUrl());
  }

  @AfterAll
  static void stop() {
    images.close();
    disks.close();
  }

  @Test
  void anImageOfADiskKeepsItsFactsAndNeedsForceCreateWhileTheDiskIsInUse() throws Exception {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("builder", ZONE)).status());
    Disk boot = disks.get(project, ZONE, "builder");
    Http.Response inUse = http.post("/compute/v1/projects/" + project + "/global/images",
      new JsonObject().put("name", "golden").put("sourceDisk", "zones/" + ZONE + "/disks/builder"));
    assertEquals(400, inUse.status());
    assertEquals("resourceInUseByAnotherResource", inUse.reason());

    Operation made = images.insertAsync(InsertImageRequest.newBuilder().setProject(project).setForceCreate(true)
      .setImageResource(Image.newBuilder().setName("golden").setFamily("web").putLabels("built", "today")
        .setSourceDisk("zones/" + ZONE + "/disks/builder")).build()).get();
    assertEquals("insert", made.getOperationType());
    assertFalse(made.hasZone(), "a global operation");
    Image golden = images.get(project, "golden");
    assertEquals(Long.toString(golden.getId()), Long.toString(made.getTargetId()));
    assertEquals("READY", golden.getStatus());
    assertEquals(boot.getSelfLink(), golden.getSourceDisk());
    assertEquals(Long.toString(boot.getId()), golden.getSourceDiskId());
    assertEquals(10, golden.getDiskSizeGb());
    assertEquals(boot.getLicensesList(), golden.getLicensesList());
    assertEquals(boot.getGuestOsFeaturesList(), golden.getGuestOsFeaturesList());
    assertEquals("web", golden.getFamily());
    assertEquals(Map.of("built", "today"), golden.getLabelsMap());
    assertEquals(golden, images.getFromFamily(project, "web"));
    assertEquals(golden, images.get(project, Long.toString(golden.getId())));
  }

  @Test
  void aFamilyAnswersWithItsNewestImageThatIsNotDeprecated() throws Exception {
    String project = Http.newProject();
    disks.insertAsync(project, ZONE, Disk.newBuilder().setName("src").setSizeGb(20).build()).get();
    images.insertAsync(project, Image.newBuilder().setName("v1").setFamily("app").setSourceDisk("zones/" + ZONE + "/disks/src").build()).get();
    images.insertAsync(project, Image.newBuilder().setName("v2").setFamily("app").setSourceImage("global/images/v1").build()).get();
    assertEquals("v2", images.getFromFamily(project, "app").getName());
    assertEquals(LINKS + "projects/" + project + "/global/images/v1", images.get(project, "v2").getSourceImage());

    Operation deprecated = images.deprecateAsync(project, "v2", DeprecationStatus.newBuilder().setState("DEPRECATED")
      .setReplacement("projects/" + project + "/global/images/v1").build()).get();
    assertEquals("deprecate", deprecated.getOperationType());
    Image v2 = images.get(project, "v2");
    assertEquals("DEPRECATED", v2.getDeprecated().getState());
    assertEquals(LINKS + "projects/" + project + "/global/images/v1", v2.getDeprecated().getReplacement());
    assertEquals("v1", images.getFromFamily(project, "app").getName(), "a deprecated image is no longer its family's");
    images.deprecateAsync(project, "v2", DeprecationStatus.newBuilder().setState("ACTIVE").build()).get();
    assertFalse(images.get(project, "v2").hasDeprecated());

    List<String> names = new ArrayList<>();
    images.list(project).iterateAll().forEach(image -> names.add(image.getName()));
    assertEquals(List.of("v1", "v2"), names);
    images.setLabelsAsync(project, "v1", GlobalSetLabelsRequest.newBuilder().putLabels("a", "b")
      .setLabelFingerprint(images.get(project, "v1").getLabelFingerprint()).build()).get();
    assertEquals(Map.of("a", "b"), images.get(project, "v1").getLabelsMap());
    images.deleteAsync(project, "v1").get();
    assertThrows(NotFoundException.class, () -> images.get(project, "v1"));
    assertEquals(404, EMULATOR.http().get("/compute/v1/projects/" + project + "/global/images/family/none").status());
  }

  @Test
  void disksAndInstancesAreMadeFromAProjectsOwnImage() throws Exception {
    String project = Http.newProject();
    Http http = EMULATOR.http();
    disks.insertAsync(project, ZONE, Disk.newBuilder().setName("src").setSizeGb(30)
      .setSourceImage("projects/debian-cloud/global/images/family/debian-12").build()).get();
    images.insertAsync(project, Image.newBuilder().setName("mine").setSourceDisk("zones/" + ZONE + "/disks/src").build()).get();
    disks.insertAsync(project, ZONE, Disk.newBuilder().setName("copy").setSourceImage("global/images/mine").build()).get();
    Disk copy = disks.get(project, ZONE, "copy");
    assertEquals(LINKS + "projects/" + project + "/global/images/mine", copy.getSourceImage());
    assertEquals(30, copy.getSizeGb(), "a disk from an image is the image's size");
    assertEquals(List.of(LINKS + "projects/debian-cloud/global/licenses/debian-12-bookworm"), copy.getLicensesList());

    JsonObject vm = Bodies.instance("vm", ZONE);
    vm.getJsonArray("disks").getJsonObject(0).getJsonObject("initializeParams")
      .put("sourceImage", "projects/" + project + "/global/images/mine").remove("diskSizeGb");
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", vm).status());
    assertEquals(LINKS + "projects/" + project + "/global/images/mine", disks.get(project, ZONE, "vm").getSourceImage());
    JsonObject small = Bodies.instance("small", ZONE);
    small.getJsonArray("disks").getJsonObject(0).getJsonObject("initializeParams").put("sourceImage", "global/images/mine");
    Http.Response tooSmall = http.post(Http.zonePath(project, ZONE) + "/instances", small);
    assertEquals("Invalid value for field 'resource.disks[0].initializeParams.diskSizeGb': '10'. "
      + "Requested disk size cannot be smaller than the image size (30 GB)", tooSmall.message());
    images.insertAsync(project, Image.newBuilder().setName("mine-v2").setFamily("mine-family").setSourceImage("global/images/mine")
      .build()).get();
    disks.insertAsync(project, ZONE, Disk.newBuilder().setName("by-family")
      .setSourceImage("projects/" + project + "/global/images/family/mine-family").build()).get();
    assertEquals(LINKS + "projects/" + project + "/global/images/mine-v2", disks.get(project, ZONE, "by-family").getSourceImage(),
      "a family of the project's own images is resolved to its newest image");
    JsonObject byView = Bodies.instance("by-view", ZONE);
    byView.getJsonArray("disks").getJsonObject(0).getJsonObject("initializeParams")
      .put("sourceImage", "projects/" + project + "/zones/-/imageFamilyViews/mine-family").remove("diskSizeGb");
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", byView).status());
    assertEquals(LINKS + "projects/" + project + "/global/images/mine-v2", disks.get(project, ZONE, "by-view").getSourceImage());
    Http.Response missing = http.post(Http.zonePath(project, ZONE) + "/disks",
      new JsonObject().put("name", "x").put("sourceImage", "global/images/nothing"));
    assertEquals(400, missing.status());
    assertEquals("Invalid value for field 'resource.sourceImage': 'global/images/nothing'. The referenced image resource cannot be found.",
      missing.message());
  }

  @Test
  void publicImagesAreReadByAllAndWrittenByNone() {
    Http http = EMULATOR.http();
    assertEquals("debian-12-bookworm-v20261118", images.get("debian-cloud", "debian-12-bookworm-v20261118").getName());
    Http.Response delete = http.delete("/compute/v1/projects/debian-cloud/global/images/debian-12-bookworm-v20261118");
    assertEquals(403, delete.status());
    assertEquals("forbidden", delete.reason());
    Http.Response insert = http.post("/compute/v1/projects/debian-cloud/global/images",
      new JsonObject().put("name", "mine").put("sourceImage", "projects/debian-cloud/global/images/family/debian-12"));
    assertEquals(403, insert.status());
    // The wording of a Terraform user's 403 (fortinet/fortigate-terraform-deploy#153): IAM calls an insert "create".
    assertEquals("Required 'compute.images.create' permission for 'projects/debian-cloud/global/images/mine'", insert.message());
    assertEquals("debian-12-bookworm-v20261118", images.get("debian-cloud", "debian-12-bookworm-v20261118").getName());
    Http.Response none = http.post("/compute/v1/projects/" + Http.newProject() + "/global/images", new JsonObject().put("name", "x"));
    assertEquals(400, none.status());
  }

  @Test
  void gcloudCreatesDeprecatesBootsFromAndDeletesAnImage() {
    Gcloud gcloud = Gcloud.installedOrSkip("ImagesTest", config, EMULATOR.baseUrl() + "/compute/v1/");
    String project = Http.newProject();
    gcloud.run(project, "compute", "disks", "create", "base", "--zone", ZONE, "--image-family", "debian-12",
      "--image-project", "debian-cloud").ok();
    gcloud.run(project, "compute", "images", "create", "golden", "--source-disk", "base", "--source-disk-zone", ZONE,
      "--family", "gold").ok();
    JsonObject described = new JsonObject(gcloud.run(project, "compute", "images", "describe", "golden", "--format=json").ok().out());
    assertEquals("gold", described.getString("family"));
    JsonObject family = new JsonObject(gcloud.run(project, "compute", "images", "describe-from-family", "gold", "--format=json").ok().out());
    assertEquals("golden", family.getString("name"));
    gcloud.run(project, "compute", "instances", "create", "vm", "--zone", ZONE, "--image", "golden").ok();
    assertEquals(LINKS + "projects/" + project + "/global/images/golden",
      EMULATOR.http().get(Http.zonePath(project, ZONE) + "/disks/vm").json().getString("sourceImage"));
    gcloud.run(project, "compute", "instances", "create", "vm2", "--zone", ZONE, "--image-family", "gold",
      "--image-project", project).ok();
    assertEquals(LINKS + "projects/" + project + "/global/images/golden",
      EMULATOR.http().get(Http.zonePath(project, ZONE) + "/disks/vm2").json().getString("sourceImage"));
    gcloud.run(project, "compute", "images", "add-labels", "golden", "--labels=gold=yes").ok();
    JsonArray listed = new JsonArray(gcloud.run(project, "compute", "images", "list", "--no-standard-images", "--format=json").ok().out());
    assertEquals(List.of("golden"), listed.stream().map(image -> ((JsonObject) image).getString("name")).toList());
    assertEquals("yes", ((JsonObject) listed.getValue(0)).getJsonObject("labels").getString("gold"));
    gcloud.run(project, "compute", "images", "deprecate", "golden", "--state", "DEPRECATED").ok();
    assertEquals("DEPRECATED", EMULATOR.http().get("/compute/v1/projects/" + project + "/global/images/golden").json()
      .getJsonObject("deprecated").getString("state"));
    gcloud.run(project, "compute", "images", "delete", "golden").ok();
    assertTrue(EMULATOR.http().get("/compute/v1/projects/" + project + "/global/images/golden").status() == 404);
  }
}
