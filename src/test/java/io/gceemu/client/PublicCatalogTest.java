package io.gceemu.client;

import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.compute.v1.DiskType;
import com.google.cloud.compute.v1.DiskTypesClient;
import com.google.cloud.compute.v1.Image;
import com.google.cloud.compute.v1.ImageFamilyViewsClient;
import com.google.cloud.compute.v1.ImagesClient;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public images and the disk types, read-only catalogs every project sees: through the
 * official Java client, gcloud and raw HTTP for GCE's errors. Terraform resolves a boot image with
 * images.get then images.getFromFamily before it creates anything; gcloud with imageFamilyViews.
 */
class PublicCatalogTest {

  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  @TempDir
  static Path config;
  private static ImagesClient images;
  private static ImageFamilyViewsClient familyViews;
  private static DiskTypesClient diskTypes;

  @BeforeAll
  static void start() {
    images = JavaClients.images(EMULATOR.baseUrl());
    familyViews = JavaClients.imageFamilyViews(EMULATOR.baseUrl());
    diskTypes = JavaClients.diskTypes(EMULATOR.baseUrl());
  }

  @AfterAll
  static void stop() {
    images.close();
    familyViews.close();
    diskTypes.close();
  }

  @Test
  void aFamilyAnswersWithItsNewestImageThatIsNotDeprecated() {
    Image current = images.getFromFamily("debian-cloud", "debian-12");
    assertEquals("debian-12-bookworm-v20261118", current.getName());
    assertEquals("debian-12", current.getFamily());
    assertEquals("READY", current.getStatus());
    assertEquals("RAW", current.getSourceType());
    assertEquals(10, current.getDiskSizeGb());
    assertEquals("X86_64", current.getArchitecture());
    assertEquals(List.of("https://www.googleapis.com/compute/v1/projects/debian-cloud/global/licenses/debian-12-bookworm"),
      current.getLicensesList());
    assertEquals(List.of(2147286739765738111L), current.getLicenseCodesList());
    assertFalse(current.hasDeprecated());
    assertEquals(current, images.get("debian-cloud", "debian-12-bookworm-v20261118"));
    assertEquals(current, familyViews.get("debian-cloud", ZONE, "debian-12").getImage());

    Image older = images.get("debian-cloud", "debian-12-bookworm-v20261021");
    assertEquals("DEPRECATED", older.getDeprecated().getState());
    assertEquals(current.getSelfLink(), older.getDeprecated().getReplacement());

    List<String> names = new ArrayList<>();
    images.list("debian-cloud").iterateAll().forEach(image -> names.add(image.getName()));
    assertEquals(List.of("debian-11-bullseye-v20261118", "debian-12-bookworm-arm64-v20261118", "debian-12-bookworm-v20261021",
      "debian-12-bookworm-v20261118", "debian-13-trixie-v20261118"), names);
    assertFalse(images.list(Http.newProject()).iterateAll().iterator().hasNext(), "a project of its own has no public images");
  }

  /** GCE keeps a family's older images, and recorded requests name them: every dated version of a public family exists. */
  @Test
  void everyDatedVersionOfAPublicFamilyIsAnImageOlderOnesDeprecated() {
    Image recorded = images.get("debian-cloud", "debian-11-bullseye-v20260609");
    assertEquals("debian-11", recorded.getFamily());
    assertEquals("DEPRECATED", recorded.getDeprecated().getState());
    assertEquals("https://www.googleapis.com/compute/v1/projects/debian-cloud/global/images/debian-11-bullseye-v20261118",
      recorded.getDeprecated().getReplacement());
    assertEquals("Debian, Debian GNU/Linux, 11 (bullseye), amd64 built on 20260609", recorded.getDescription());
    assertTrue(recorded.getCreationTimestamp().startsWith("2026-06-09T"), recorded.getCreationTimestamp());
    assertEquals("debian-12-bookworm-arm64", images.get("debian-cloud", "debian-12-bookworm-arm64-v20240110").getLicenses(0)
      .replaceFirst(".*/", ""));
    assertThrows(NotFoundException.class, () -> images.get("debian-cloud", "debian-12-bookworm-latest"));
    assertThrows(NotFoundException.class, () -> images.get("ubuntu-os-cloud", "debian-11-bullseye-v20260609"));

    Http http = EMULATOR.http();
    String project = Http.newProject();
    JsonObject body = Bodies.instance("recorded", ZONE);
    params(body).put("sourceImage", "projects/debian-cloud/global/images/debian-11-bullseye-v20260609");
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", body).status());
    assertEquals(new JsonArray().add("https://www.googleapis.com/compute/v1/projects/debian-cloud/global/licenses/debian-11-bullseye"),
      http.get(Http.zonePath(project, ZONE) + "/instances/recorded").json().getJsonArray("disks").getJsonObject(0).getJsonArray("licenses"));
  }

  /** Terraform tries the name as an image first and takes a 404 as "try it as a family". */
  @Test
  void aFamilyIsNoImageAndWhatDoesNotExistIs404() {
    Http http = EMULATOR.http();
    assertThrows(NotFoundException.class, () -> images.get("debian-cloud", "debian-12"));
    Http.Response family = http.get("/compute/v1/projects/debian-cloud/global/images/debian-12");
    assertEquals(404, family.status());
    assertEquals("notFound", family.reason());
    assertEquals("The resource 'projects/debian-cloud/global/images/debian-12' was not found", family.message());
    Http.Response noFamily = http.get("/compute/v1/projects/debian-cloud/global/images/family/debian-99");
    assertEquals(404, noFamily.status());
    assertEquals("The resource 'projects/debian-cloud/global/images/family/debian-99' was not found", noFamily.message());
    assertEquals(404, http.get("/compute/v1/projects/my-own/global/images/family/debian-12").status());
    assertEquals("https://www.googleapis.com/compute/beta/projects/debian-cloud/global/images/debian-12-bookworm-v20261118",
      http.get("/compute/beta/projects/debian-cloud/zones/-/imageFamilyViews/debian-12").json().getJsonObject("image").getString("selfLink"));
  }

  @Test
  void everyZoneOffersTheDiskTypes() {
    String project = Http.newProject();
    DiskType standard = diskTypes.get(project, ZONE, "pd-standard");
    assertEquals("Standard Persistent Disk", standard.getDescription());
    assertEquals(500, standard.getDefaultDiskSizeGb());
    assertEquals("10GB-65536GB", standard.getValidDiskSize());
    assertEquals("https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + ZONE, standard.getZone());
    assertEquals(100, diskTypes.get(project, ZONE, "pd-balanced").getDefaultDiskSizeGb());
    List<String> names = new ArrayList<>();
    diskTypes.list(project, ZONE).iterateAll().forEach(type -> names.add(type.getName()));
    assertTrue(names.containsAll(List.of("pd-standard", "pd-balanced", "pd-ssd", "pd-extreme", "hyperdisk-balanced", "local-ssd")), names.toString());
    int scopes = 0;
    for (var scope : diskTypes.aggregatedList(project).iterateAll()) {
      scopes++;
      assertEquals(names.size(), scope.getValue().getDiskTypesCount(), scope.getKey());
    }
    assertEquals(19, scopes);
    Http.Response missing = EMULATOR.http().get(Http.zonePath(project, ZONE) + "/diskTypes/pd-floppy");
    assertEquals(404, missing.status());
    assertEquals("The resource 'projects/" + project + "/zones/" + ZONE + "/diskTypes/pd-floppy' was not found", missing.message());
  }

  /** The boot image is resolved when the instance is made: it must exist, and the disk be no smaller. */
  @Test
  void anInstanceBootsOnlyFromAnImageThatExistsAndFitsItsDisk() {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String instances = Http.zonePath(project, ZONE) + "/instances";
    JsonObject unknown = Bodies.instance("ghost", ZONE);
    params(unknown).put("sourceImage", "projects/debian-cloud/global/images/family/debian-99");
    Http.Response refused = http.post(instances, unknown);
    assertEquals(400, refused.status(), refused.body());
    assertEquals("Invalid value for field 'resource.disks[0].initializeParams.sourceImage': "
      + "'projects/debian-cloud/global/images/family/debian-99'. The referenced image resource cannot be found.", refused.message());

    JsonObject small = Bodies.instance("small", ZONE);
    params(small).put("sourceImage", "projects/rocky-linux-cloud/global/images/family/rocky-linux-9").put("diskSizeGb", "10");
    Http.Response tooSmall = http.post(instances, small);
    assertEquals(400, tooSmall.status(), tooSmall.body());
    assertEquals("Invalid value for field 'resource.disks[0].initializeParams.diskSizeGb': '10'. "
      + "Requested disk size cannot be smaller than the image size (20 GB)", tooSmall.message());

    JsonObject rocky = Bodies.instance("rocky", ZONE);
    params(rocky).put("sourceImage", "projects/rocky-linux-cloud/global/images/family/rocky-linux-9").remove("diskSizeGb");
    assertEquals(200, http.post(instances, rocky).status());
    JsonObject disk = http.get(instances + "/rocky").json().getJsonArray("disks").getJsonObject(0);
    assertEquals("20", disk.getString("diskSizeGb"), "a disk without a size is its image's size");
    assertEquals(new JsonArray().add("https://www.googleapis.com/compute/v1/projects/rocky-linux-cloud/global/licenses/rocky-linux-9"),
      disk.getJsonArray("licenses"));
    assertEquals(404, http.get(instances + "/ghost").status());
    assertEquals(404, http.get(instances + "/small").status());
  }

  @Test
  void gcloudDescribesAFamilyAndListsThePublicImages() {
    Gcloud gcloud = Gcloud.installedOrSkip("PublicCatalogTest", config, EMULATOR.baseUrl() + "/compute/v1/");
    String project = Http.newProject();
    JsonObject described = new JsonObject(gcloud.run(project, "compute", "images", "describe-from-family", "debian-12",
      "--project", "debian-cloud", "--format=json").ok().out());
    assertEquals("debian-12-bookworm-v20261118", described.getString("name"));
    JsonArray listed = new JsonArray(gcloud.run(project, "compute", "images", "list", "--filter=family=debian-12", "--format=json").ok().out());
    // gcloud's '=' matches words of the value, so debian-12-arm64 is in too; the deprecated image is not.
    assertEquals(List.of("debian-12-bookworm-arm64-v20261118", "debian-12-bookworm-v20261118"),
      listed.stream().map(image -> ((JsonObject) image).getString("name")).toList(), "gcloud lists current images only, from every public project");
    JsonArray types = new JsonArray(gcloud.run(project, "compute", "disk-types", "list", "--zones", ZONE, "--format=json").ok().out());
    assertTrue(types.stream().anyMatch(type -> "pd-balanced".equals(((JsonObject) type).getString("name"))), types.encode());
  }

  private static JsonObject params(JsonObject body) {
    return body.getJsonArray("disks").getJsonObject(0).getJsonObject("initializeParams");
  }
}
