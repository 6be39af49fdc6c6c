package io.gceemu.client;

import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Gcloud;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gcloud beta compute}, with the same environment as {@link GcloudTest}: it calls
 * {@code /compute/beta/}, sends beta-only fields, and reads them back with beta links, while a v1
 * read of the same instance has v1 links and none of them. Skipped where gcloud is not installed.
 */
class GcloudBetaTest {

  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  @TempDir
  static Path config;
  private static Gcloud gcloud;
  private static Http http;

  @BeforeAll
  static void findGcloud() {
    gcloud = Gcloud.installedOrSkip("GcloudBetaTest", config, EMULATOR.baseUrl() + "/");
    http = EMULATOR.http();
  }

  @Test
  void betaCreatesDescribesListsAndDeletesThroughTheBetaSurface() {
    String project = Http.newProject();
    Gcloud.Result created = gcloud.run(project, "beta", "compute", "instances", "create", "gb-1", "gb-2", "--zone", ZONE,
      "--machine-type", "e2-micro", "--image-family=debian-12", "--image-project=debian-cloud", "--graceful-shutdown",
      "--erase-windows-vss-signature", "--log-http").ok();
    // Two inserts go in a batch, which gcloud beta posts to batch/compute/beta.
    assertTrue(created.err().contains("uri: " + EMULATOR.baseUrl() + "/batch/compute/beta\n"), created.err());
    assertFalse(created.err().contains("/compute/v1/"), "gcloud beta calls only the beta surface");

    String beta = "https://www.googleapis.com/compute/beta/projects/" + project + "/zones/" + ZONE;
    JsonObject described = new JsonObject(gcloud.run(project, "beta", "compute", "instances", "describe", "gb-1", "--zone", ZONE,
      "--format=json").ok().out());
    assertEquals(beta + "/instances/gb-1", described.getString("selfLink"));
    assertEquals(beta + "/machineTypes/e2-micro", described.getString("machineType"));
    assertEquals(true, described.getJsonObject("scheduling").getJsonObject("gracefulShutdown").getBoolean("enabled"));
    assertEquals(true, described.getBoolean("eraseWindowsVssSignature"));

    JsonArray listed = new JsonArray(gcloud.run(project, "beta", "compute", "instances", "list", "--format=json").ok().out());
    assertEquals(List.of(beta + "/instances/gb-1", beta + "/instances/gb-2"), listed.stream().map(item -> ((JsonObject) item).getString("selfLink")).toList());

    JsonObject v1 = http.get(Http.zonePath(project, ZONE) + "/instances/gb-1").json();
    assertEquals("https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + ZONE + "/instances/gb-1", v1.getString("selfLink"));
    assertFalse(v1.getJsonObject("scheduling").containsKey("gracefulShutdown"), "v1's Scheduling has no gracefulShutdown");
    assertFalse(v1.containsKey("eraseWindowsVssSignature"), "v1's Instance has no eraseWindowsVssSignature");

    JsonObject gaDescribed = new JsonObject(gcloud.run(project, "compute", "instances", "describe", "gb-1", "--zone", ZONE,
      "--format=json").ok().out());
    assertEquals(v1.getString("selfLink"), gaDescribed.getString("selfLink"));
    assertFalse(gaDescribed.containsKey("eraseWindowsVssSignature"));

    gcloud.run(project, "beta", "compute", "instances", "delete", "gb-1", "gb-2", "--zone", ZONE).ok();
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/instances/gb-1").status());
    assertEquals(404, http.get(Http.zonePath(project, ZONE) + "/instances/gb-2").status());
  }
}
