package io.gceemu.metadata;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.RunningEmulator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metadata server on the host: GCE's paths for an instance chosen by header or path, its
 * header required and returned, recursive JSON, wait_for_change, and the Google auth library
 * getting a token from it through {@code GCE_METADATA_HOST}.
 */
class MetadataServerTest {

  private static final String ZONE = "us-central1-a";
  private static RunningEmulator emulator;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static String project;

  @BeforeAll
  static void start() {
    emulator = RunningEmulator.start(new JsonObject().put("metadataPort", 0));
    project = Http.newProject();
    JsonObject body = Bodies.instance("vm1", ZONE).put("tags", new JsonObject().put("items", new JsonArray().add("web")))
      .put("metadata", new JsonObject().put("items", new JsonArray()
        .add(new JsonObject().put("key", "startup-script").put("value", "echo hi"))));
    assertEquals(200, new Http(emulator.baseUrl()).post(Http.zonePath(project, ZONE) + "/instances", body).status());
  }

  @AfterAll
  static void stop() throws Exception {
    emulator.close();
  }

  private static HttpResponse<String> get(String path, String instance, boolean flavor) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emulator.metadataPort() + path));
    if (instance != null) {
      request.header("X-Gce-Emu-Instance", instance);
    }
    if (flavor) {
      request.header("Metadata-Flavor", "Google");
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersGcesPathsForTheChosenInstance() throws Exception {
    String vm = project + "/" + ZONE + "/vm1";
    HttpResponse<String> refused = get("/computeMetadata/v1/instance/name", vm, false);
    assertEquals(403, refused.statusCode(), "the Metadata-Flavor header is required");
    HttpResponse<String> name = get("/computeMetadata/v1/instance/name", vm, true);
    assertEquals(200, name.statusCode(), name.body());
    assertEquals("vm1", name.body());
    assertEquals("Google", name.headers().firstValue("Metadata-Flavor").orElse(""));
    assertEquals("echo hi", get("/instances/" + vm + "/computeMetadata/v1/instance/attributes/startup-script", null, true).body(),
      "or chosen by the path");
    assertEquals("vm1." + ZONE + ".c." + project + ".internal", get("/computeMetadata/v1/instance/hostname", vm, true).body());
    JsonObject instance = new Http(emulator.baseUrl()).get(Http.zonePath(project, ZONE) + "/instances/vm1").json();
    assertEquals(instance.getString("id"), get("/computeMetadata/v1/instance/id", vm, true).body());
    JsonObject project = new Http(emulator.baseUrl()).get("/compute/v1/projects/" + MetadataServerTest.project).json();
    assertEquals(project.getString("id"), get("/computeMetadata/v1/project/numeric-project-id", vm, true).body());
    assertEquals("projects/" + project.getString("id") + "/zones/" + ZONE, get("/computeMetadata/v1/instance/zone", vm, true).body());
    assertEquals("[\"web\"]", get("/computeMetadata/v1/instance/tags", vm, true).body());
    String listing = get("/computeMetadata/v1/instance/", vm, true).body();
    assertTrue(listing.contains("network-interfaces/\n") && listing.contains("name\n"), listing);
    JsonObject recursive = new JsonObject(get("/computeMetadata/v1/instance/?recursive=true", vm, true).body());
    assertEquals(instance.getJsonArray("networkInterfaces").getJsonObject(0).getString("networkIP"),
      recursive.getJsonArray("networkInterfaces").getJsonObject(0).getString("ip"));
    assertEquals("echo hi", recursive.getJsonObject("attributes").getString("startup-script"), "attribute keys stay as they are");
    assertEquals(404, get("/computeMetadata/v1/instance/attributes/none", vm, true).statusCode());
    assertEquals(404, get("/computeMetadata/v1/instance/name", project + "/" + ZONE + "/nobody", true).statusCode());
  }

  @Test
  void waitForChangeAnswersOnceTheValueChanges() throws Exception {
    String vm = project + "/" + ZONE + "/vm1";
    HttpResponse<String> now = get("/computeMetadata/v1/instance/attributes/?recursive=true", vm, true);
    String etag = now.headers().firstValue("ETag").orElseThrow();
    CompletableFuture<HttpResponse<String>> waiting = CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + emulator.metadataPort() + "/computeMetadata/v1/instance/attributes/?recursive=true&wait_for_change=true&last_etag=" + etag))
      .header("Metadata-Flavor", "Google").header("X-Gce-Emu-Instance", vm).build(), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(600);
    assertTrue(!waiting.isDone(), "it waits while nothing changes");
    Http http = new Http(emulator.baseUrl());
    String fingerprint = http.get(Http.zonePath(project, ZONE) + "/instances/vm1").json().getJsonObject("metadata").getString("fingerprint");
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances/vm1/setMetadata", new JsonObject().put("fingerprint", fingerprint)
      .put("items", new JsonArray().add(new JsonObject().put("key", "startup-script").put("value", "echo hi"))
        .add(new JsonObject().put("key", "color").put("value", "blue")))).status());
    HttpResponse<String> changed = waiting.get(10, TimeUnit.SECONDS);
    assertEquals("blue", new JsonObject(changed.body()).getString("color"), changed.body());
    assertTrue(!etag.equals(changed.headers().firstValue("ETag").orElse(etag)));
  }

  @Test
  void theGoogleAuthLibraryGetsATokenThroughGceMetadataHost() throws Exception {
    ProcessBuilder probe = new ProcessBuilder(List.of(System.getProperty("java.home") + "/bin/java", "-cp",
      System.getProperty("java.class.path"), TokenProbe.class.getName())).redirectErrorStream(true);
    probe.environment().put("GCE_METADATA_HOST", "127.0.0.1:" + emulator.metadataPort());
    Process process = probe.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("token ya29.gce-emulator."), output);
  }
}
