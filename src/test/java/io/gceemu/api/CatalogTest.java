package io.gceemu.api;

import io.gceemu.support.Http;
import io.gceemu.support.EmulatorExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Machine types, zones, regions, projects.get and the health check. */
class CatalogTest {

  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static Http http;
  private static final String PROJECT = "/compute/v1/projects/catalog-proj";

  @BeforeAll
  static void start() {
    http = EMULATOR.http();
  }

  @Test
  void machineTypesCarryRealValues() {
    JsonObject micro = http.get(PROJECT + "/zones/us-central1-a/machineTypes/e2-micro").json();
    assertEquals("compute#machineType", micro.getString("kind"));
    assertEquals("334002", micro.getString("id"));
    assertEquals(2, micro.getValue("guestCpus"));
    assertEquals(1024, micro.getValue("memoryMb"));
    assertEquals(true, micro.getBoolean("isSharedCpu"));
    assertEquals("3072", micro.getValue("maximumPersistentDisksSizeGb"));
    assertEquals("us-central1-a", micro.getString("zone"), "a machine type's zone is the bare name");
    assertEquals("https://www.googleapis.com/compute/v1/projects/catalog-proj/zones/us-central1-a/machineTypes/e2-micro",
      micro.getString("selfLink"));
    JsonObject n1 = http.get(PROJECT + "/zones/us-central1-a/machineTypes/n1-standard-1").json();
    assertEquals(3840, n1.getValue("memoryMb"));
    assertEquals(10, n1.getValue("imageSpaceGb"));
  }

  @Test
  void theCatalogHasThirteenMachineTypesPerZone() {
    JsonObject list = http.get(PROJECT + "/zones/europe-west1-b/machineTypes").json();
    assertEquals("compute#machineTypeList", list.getString("kind"));
    assertEquals(13, list.getJsonArray("items").size());
    JsonObject filtered = http.get(PROJECT + "/zones/europe-west1-b/machineTypes?filter=name%20eq%20e2-standard-.*").json();
    assertEquals(3, filtered.getJsonArray("items").size());
    JsonObject aggregated = http.get(PROJECT + "/aggregated/machineTypes?filter=name%20%3D%20e2-micro").json();
    assertEquals("compute#machineTypeAggregatedList", aggregated.getString("kind"));
    assertEquals(19, aggregated.getJsonObject("items").size());
    assertEquals("asia-east1-c", aggregated.getJsonObject("items").getJsonObject("zones/asia-east1-c")
      .getJsonArray("machineTypes").getJsonObject(0).getString("zone"));
  }

  @Test
  void anUnknownMachineTypeIs404() {
    Http.Response response = http.get(PROJECT + "/zones/us-central1-a/machineTypes/e2-huge");
    assertEquals(404, response.status());
    assertEquals("The resource 'projects/catalog-proj/zones/us-central1-a/machineTypes/e2-huge' was not found", response.message());
  }

  @Test
  void zonesAndRegions() {
    JsonObject zone = http.get(PROJECT + "/zones/us-central1-a").json();
    assertEquals("compute#zone", zone.getString("kind"));
    assertEquals("UP", zone.getString("status"));
    assertEquals("https://www.googleapis.com/compute/v1/projects/catalog-proj/regions/us-central1", zone.getString("region"));
    assertEquals(19, http.get(PROJECT + "/zones").json().getJsonArray("items").size());
    JsonObject region = http.get(PROJECT + "/regions/us-central1").json();
    assertEquals("compute#region", region.getString("kind"));
    assertEquals(4, region.getJsonArray("zones").size());
    assertEquals(6, http.get(PROJECT + "/regions").json().getJsonArray("items").size());
    assertEquals(404, http.get(PROJECT + "/regions/mars-north1").status());
    assertEquals(404, http.get(PROJECT + "/zones/mars-north1-a").status());
  }

  @Test
  void projectsAreCreatedOnFirstUse() {
    JsonObject project = http.get(PROJECT).json();
    assertEquals("compute#project", project.getString("kind"));
    assertEquals("catalog-proj", project.getString("name"));
    assertTrue(project.getString("id").matches("\\d{12}"));
    assertEquals(project.getString("id") + "-compute@developer.gserviceaccount.com", project.getString("defaultServiceAccount"));
    assertEquals(project, http.get(PROJECT).json());
  }

  @Test
  void healthIsGreenOnceEveryZoneAnswers() {
    JsonObject health = http.get("/compute/health").json();
    assertEquals("compute-engine", health.getString("service"));
    assertEquals("healthy", health.getString("status"));
    assertEquals(19, health.getInteger("zonesUp"));
    assertEquals(6, health.getInteger("regionsUp"));
    assertEquals(true, health.getBoolean("globalUp"));
  }
}
