package io.gceemu.api;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /compute/beta/}, over raw HTTP: the official Java client cannot be pointed at it (its
 * endpoint takes no path, and its path templates say {@code /compute/v1/}). The same instance read
 * through beta and through v1 carries each version's links, and only beta shows beta's fields.
 */
class BetaSurfaceTest {

  private static final String ZONE = "us-central1-a";
  private static final String V1 = "https://www.googleapis.com/compute/v1/";
  private static final String BETA = "https://www.googleapis.com/compute/beta/";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static Http http;
  private String project;

  @BeforeAll
  static void start() {
    http = EMULATOR.http();
  }

  @BeforeEach
  void newProject() {
    project = Http.newProject();
  }

  private String zonePath(String version) {
    return "/compute/" + version + "/projects/" + project + "/zones/" + ZONE;
  }

  private static JsonObject betaOnly(JsonObject body) {
    return body
      .put("shieldedVmConfig", new JsonObject().put("enableSecureBoot", true).put("enableVtpm", true).put("enableIntegrityMonitoring", true))
      .put("partnerMetadata", new JsonObject().put("test.compute.googleapis.com", new JsonObject()
        .put("entries", new JsonObject().put("key", new JsonObject().put("value", "x")))))
      .put("scheduling", new JsonObject().put("gracefulShutdown", new JsonObject().put("enabled", true)));
  }

  @Test
  void aBetaInstanceReadThroughEachVersionHasThatVersionsLinksAndFields() {
    JsonObject op = http.post(zonePath("beta") + "/instances", betaOnly(Bodies.instance("vm-b", ZONE))).json();
    assertEquals("DONE", op.getString("status"), op.encode());
    String betaZone = BETA + "projects/" + project + "/zones/" + ZONE;
    assertEquals(betaZone, op.getString("zone"));
    assertEquals(betaZone + "/instances/vm-b", op.getString("targetLink"));
    assertTrue(op.getString("selfLink").startsWith(betaZone + "/operations/"), op.getString("selfLink"));

    // Read through v1 first: the beta read after it must not get v1's cached bytes, nor v1's later read beta's.
    JsonObject v1 = http.get(zonePath("v1") + "/instances/vm-b").json();
    JsonObject beta = http.get(zonePath("beta") + "/instances/vm-b").json();
    JsonObject v1Again = http.get(zonePath("v1") + "/instances/vm-b").json();
    assertEquals(v1, v1Again);

    assertLinks(beta, BETA);
    assertEquals(true, beta.getJsonObject("shieldedVmConfig").getBoolean("enableSecureBoot"));
    assertEquals("x", beta.getJsonObject("partnerMetadata").getJsonObject("test.compute.googleapis.com")
      .getJsonObject("entries").getJsonObject("key").getString("value"));
    assertEquals(true, beta.getJsonObject("scheduling").getJsonObject("gracefulShutdown").getBoolean("enabled"));

    assertLinks(v1, V1);
    assertFalse(v1.containsKey("shieldedVmConfig"), "v1's Instance has no shieldedVmConfig");
    assertFalse(v1.containsKey("partnerMetadata"));
    assertFalse(v1.getJsonObject("scheduling").containsKey("gracefulShutdown"));
    assertEquals("MIGRATE", v1.getJsonObject("scheduling").getString("onHostMaintenance"), "v1 keeps the fields it has");
    assertEquals(beta.getString("id"), v1.getString("id"));
    assertEquals(beta.getString("fingerprint"), v1.getString("fingerprint"));
  }

  private static void assertLinks(JsonObject instance, String base) {
    String zone = base + "projects/" + instance.getString("selfLink").split("/projects/")[1].split("/zones/")[0] + "/zones/" + ZONE;
    assertEquals(zone, instance.getString("zone"));
    assertEquals(zone + "/instances/" + instance.getString("name"), instance.getString("selfLink"));
    assertEquals(zone + "/machineTypes/e2-medium", instance.getString("machineType"));
    JsonObject nic = instance.getJsonArray("networkInterfaces").getJsonObject(0);
    assertTrue(nic.getString("network").startsWith(base + "projects/"), nic.getString("network"));
    assertTrue(nic.getString("subnetwork").startsWith(base + "projects/"), nic.getString("subnetwork"));
    assertTrue(instance.getJsonArray("disks").getJsonObject(0).getString("source").startsWith(zone + "/disks/"));
  }

  @Test
  void betaShowsTheShieldedVmNamesAsCopiesOfTheShieldedInstanceOnes() {
    JsonObject shielded = new JsonObject().put("enableSecureBoot", false).put("enableVtpm", true).put("enableIntegrityMonitoring", true);
    http.post(zonePath("v1") + "/instances", Bodies.instance("vm-s", ZONE).put("shieldedInstanceConfig", shielded));
    JsonObject beta = http.get(zonePath("beta") + "/instances/vm-s").json();
    assertEquals(shielded, beta.getJsonObject("shieldedVmConfig"));
    assertEquals(shielded, beta.getJsonObject("shieldedInstanceConfig"));
    assertFalse(http.get(zonePath("v1") + "/instances/vm-s").json().containsKey("shieldedVmConfig"));
  }

  @Test
  void aBetaOnlyFieldSentThroughV1IsDropped() {
    Http.Response insert = http.post(zonePath("v1") + "/instances", betaOnly(Bodies.instance("vm-v", ZONE)));
    assertEquals(200, insert.status(), insert.body());
    JsonObject beta = http.get(zonePath("beta") + "/instances/vm-v").json();
    assertNull(beta.getValue("partnerMetadata"));
    assertFalse(beta.getJsonObject("scheduling").containsKey("gracefulShutdown"));
  }

  @Test
  void aV1UpdateKeepsTheBetaFieldsItCannotSeeAndABetaUpdateReplacesThem() {
    http.post(zonePath("beta") + "/instances", betaOnly(Bodies.instance("vm-u", ZONE)));
    JsonObject v1 = http.get(zonePath("v1") + "/instances/vm-u").json();
    Http.Response put = http.method("PUT", zonePath("v1") + "/instances/vm-u", v1.put("labels", new JsonObject().put("env", "v1")).encode());
    assertEquals(200, put.status(), put.body());
    JsonObject beta = http.get(zonePath("beta") + "/instances/vm-u").json();
    assertEquals(new JsonObject().put("env", "v1"), beta.getJsonObject("labels"));
    assertEquals(true, beta.getJsonObject("shieldedVmConfig").getBoolean("enableSecureBoot"));
    assertTrue(beta.containsKey("partnerMetadata"));
    assertEquals(true, beta.getJsonObject("scheduling").getJsonObject("gracefulShutdown").getBoolean("enabled"));

    beta.remove("partnerMetadata");
    beta.getJsonObject("scheduling").remove("gracefulShutdown");
    put = http.method("PUT", zonePath("beta") + "/instances/vm-u", beta.encode());
    assertEquals(200, put.status(), put.body());
    JsonObject replaced = http.get(zonePath("beta") + "/instances/vm-u").json();
    assertFalse(replaced.containsKey("partnerMetadata"), "beta sees the field, so its PUT without it removes it");
    assertFalse(replaced.getJsonObject("scheduling").containsKey("gracefulShutdown"));
    assertEquals(true, replaced.getJsonObject("shieldedVmConfig").getBoolean("enableSecureBoot"));
  }

  @Test
  void listsOperationsAndTheCatalogAnswerWithBetaLinks() {
    String op = http.post(zonePath("beta") + "/instances", Bodies.instance("vm-l", ZONE)).json().getString("name");
    String betaProject = BETA + "projects/" + project;

    JsonObject list = http.get(zonePath("beta") + "/instances").json();
    assertEquals(betaProject + "/zones/" + ZONE + "/instances", list.getString("selfLink"));
    assertEquals(betaProject + "/zones/" + ZONE + "/instances/vm-l", list.getJsonArray("items").getJsonObject(0).getString("selfLink"));
    JsonObject aggregated = http.get("/compute/beta/projects/" + project + "/aggregated/instances").json();
    assertEquals(betaProject + "/aggregated/instances", aggregated.getString("selfLink"));
    assertEquals(betaProject + "/zones/" + ZONE + "/instances/vm-l", aggregated.getJsonObject("items")
      .getJsonObject("zones/" + ZONE).getJsonArray("instances").getJsonObject(0).getString("selfLink"));

    assertEquals(betaProject + "/zones/" + ZONE + "/operations/" + op, http.get(zonePath("beta") + "/operations/" + op).json().getString("selfLink"));
    assertEquals(betaProject + "/zones/" + ZONE + "/operations/" + op,
      http.post(zonePath("beta") + "/operations/" + op + "/wait", "").json().getString("selfLink"));
    JsonArray operations = http.get(zonePath("beta") + "/operations").json().getJsonArray("items");
    assertEquals(betaProject + "/zones/" + ZONE + "/instances/vm-l", operations.getJsonObject(0).getString("targetLink"));
    assertEquals(V1 + "projects/" + project + "/zones/" + ZONE + "/operations/" + op,
      http.get(zonePath("v1") + "/operations/" + op).json().getString("selfLink"));

    JsonObject projectJson = http.get("/compute/beta/projects/" + project).json();
    assertEquals(betaProject, projectJson.getString("selfLink"));
    JsonObject setMetadata = http.post("/compute/beta/projects/" + project + "/setCommonInstanceMetadata", new JsonObject()
      .put("fingerprint", projectJson.getJsonObject("commonInstanceMetadata").getString("fingerprint"))
      .put("items", new JsonArray().add(new JsonObject().put("key", "a").put("value", "1")))).json();
    assertEquals(betaProject, setMetadata.getString("targetLink"));
    assertEquals(setMetadata.getString("selfLink"),
      http.get("/compute/beta/projects/" + project + "/global/operations/" + setMetadata.getString("name")).json().getString("selfLink"));
    assertTrue(setMetadata.getString("selfLink").startsWith(betaProject + "/global/operations/"));

    assertEquals(betaProject + "/regions/us-central1", http.get(zonePath("beta")).json().getString("region"));
    JsonObject n1Beta = http.get(zonePath("beta") + "/machineTypes/n1-standard-1").json();
    assertEquals(betaProject + "/zones/" + ZONE + "/machineTypes/n1-standard-1", n1Beta.getString("selfLink"));
    assertFalse(n1Beta.containsKey("imageSpaceGb"), "beta's MachineType has no imageSpaceGb");
    assertEquals(10, http.get(zonePath("v1") + "/machineTypes/n1-standard-1").json().getInteger("imageSpaceGb"));
  }

  @Test
  void alphaIsNotServed() {
    Http.Response alpha = http.get("/compute/alpha/projects/" + project + "/zones/" + ZONE + "/instances");
    assertEquals(404, alpha.status());
    assertEquals("notFound", alpha.reason());
    assertEquals("The requested URL /compute/alpha/projects/" + project + "/zones/" + ZONE + "/instances was not found on this server.",
      alpha.message());
  }
}
