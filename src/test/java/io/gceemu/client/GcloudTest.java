package io.gceemu.client;

import io.gceemu.gce.Fingerprints;
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
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code gcloud} (528 here) against the emulator, configured only by its environment, as
 * README's gcloud section shows. Every outcome is checked through the emulator's own HTTP API as
 * well as gcloud's exit code. Skipped where gcloud is not installed.
 */
class GcloudTest {

  private static final String ZONE = "us-central1-a";
  /** Inserts and stops take a moment, so gcloud really waits on its operations. */
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension(new JsonObject().put("transitionMs", new JsonObject()
    .put("insert.PROVISIONING", 300).put("insert.STAGING", 300).put("stop.STOPPING", 500)));
  @TempDir
  static Path config;
  private static Gcloud gcloud;
  private static Http http;

  @BeforeAll
  static void findGcloud() {
    gcloud = Gcloud.installedOrSkip("GcloudTest", config, EMULATOR.baseUrl() + "/compute/v1/");
    http = EMULATOR.http();
  }

  /** {@code --private-network-ip} as a user types it: kept, refused in GCE's words when taken or outside the range. */
  @Test
  void aPrivateNetworkIpIsKeptAndATakenOrForeignOneRefused() {
    String project = Http.newProject();
    gcloud.run(project, "compute", "instances", "create", "ip-1", "--zone", ZONE, "--machine-type", "e2-micro",
      "--private-network-ip", "10.128.0.50").ok();
    assertEquals("10.128.0.50", http.get(Http.zonePath(project, ZONE) + "/instances/ip-1").json().getJsonArray("networkInterfaces")
      .getJsonObject(0).getString("networkIP"));
    Gcloud.Result taken = gcloud.run(project, "compute", "instances", "create", "ip-2", "--zone", "us-central1-b", "--machine-type",
      "e2-micro", "--private-network-ip", "10.128.0.50");
    assertEquals(1, taken.exitCode(), taken.err());
    assertTrue(taken.err().contains("IP '10.128.0.50' is already being used by another resource."), taken.err());
    Gcloud.Result foreign = gcloud.run(project, "compute", "instances", "create", "ip-3", "--zone", ZONE, "--machine-type", "e2-micro",
      "--private-network-ip", "10.130.0.50");
    assertEquals(1, foreign.exitCode(), foreign.err());
    assertTrue(foreign.err().contains("Requested internal IP is outside the subnetwork CIDR range."), foreign.err());
    assertEquals(404, http.get(Http.zonePath(project, "us-central1-b") + "/instances/ip-2").status());
  }

  @Test
  void instancesFromCreateToDelete() {
    String project = Http.newProject();
    String instances = Http.zonePath(project, ZONE) + "/instances/";
    gcloud.run(project, "compute", "instances", "create", "gc-1", "gc-2", "--zone", ZONE, "--machine-type", "e2-micro",
      "--image-family=debian-12", "--image-project=debian-cloud").ok();
    assertEquals("RUNNING", http.get(instances + "gc-1").json().getString("status"));
    assertEquals("RUNNING", http.get(instances + "gc-2").json().getString("status"));

    // Reads change nothing, so they run side by side: gcloud takes a second or two just to start.
    CompletableFuture<Gcloud.Result> all = async(project, "compute", "instances", "list", "--format=json");
    CompletableFuture<Gcloud.Result> filtered = async(project, "compute", "instances", "list", "--filter=name=gc-2", "--format=json");
    CompletableFuture<Gcloud.Result> described = async(project, "compute", "instances", "describe", "gc-1", "--zone", ZONE, "--format=json");
    assertEquals(List.of("gc-1", "gc-2"), names(new JsonArray(all.join().ok().out())));
    assertEquals(List.of("gc-2"), names(new JsonArray(filtered.join().ok().out())));
    assertEquals(http.get(instances + "gc-1").json().getString("id"), new JsonObject(described.join().ok().out()).getString("id"));

    gcloud.run(project, "compute", "instances", "stop", "gc-1", "--zone", ZONE).ok();
    assertEquals("TERMINATED", http.get(instances + "gc-1").json().getString("status"));
    gcloud.run(project, "compute", "instances", "set-machine-type", "gc-1", "--zone", ZONE, "--machine-type", "e2-small").ok();
    assertTrue(http.get(instances + "gc-1").json().getString("machineType").endsWith("/zones/" + ZONE + "/machineTypes/e2-small"));
    gcloud.run(project, "compute", "instances", "start", "gc-1", "--zone", ZONE).ok();
    assertEquals("RUNNING", http.get(instances + "gc-1").json().getString("status"));
    gcloud.run(project, "compute", "instances", "reset", "gc-1", "--zone", ZONE).ok();
    String serial = gcloud.run(project, "compute", "instances", "get-serial-port-output", "gc-1", "--zone", ZONE).ok().out();
    assertTrue(serial.contains("reboot: Restarting system"), serial);

    // gcloud quotes a fingerprint in base64's URL-safe alphabet: make the one it quotes differ there.
    String env = awkward(value -> new JsonObject().put("env", value).put("team", "core"));
    gcloud.run(project, "compute", "instances", "add-labels", "gc-2", "--zone", ZONE, "--labels=env=" + env + ",team=core").ok();
    String labelFingerprint = http.get(instances + "gc-2").json().getString("labelFingerprint");
    assertTrue(labelFingerprint.contains("+") || labelFingerprint.contains("/"), labelFingerprint);
    Gcloud.Result removed = gcloud.run(project, "compute", "instances", "remove-labels", "gc-2", "--zone", ZONE, "--labels=team",
      "--log-http").ok();
    assertTrue(removed.err().contains(urlSafe(labelFingerprint)), "gcloud sent the URL-safe form");
    assertEquals(new JsonObject().put("env", env), http.get(instances + "gc-2").json().getJsonObject("labels"));

    String first = awkward(value -> new JsonArray().add(new JsonObject().put("key", "first").put("value", value)));
    gcloud.run(project, "compute", "instances", "add-metadata", "gc-2", "--zone", ZONE, "--metadata=first=" + first).ok();
    gcloud.run(project, "compute", "instances", "add-metadata", "gc-2", "--zone", ZONE, "--metadata=second=2").ok();
    assertEquals(new JsonArray().add(item("first", first)).add(item("second", "2")),
      http.get(instances + "gc-2").json().getJsonObject("metadata").getJsonArray("items"));

    JsonArray operations = new JsonArray(gcloud.run(project, "compute", "operations", "list", "--zones", ZONE, "--format=json").ok().out());
    assertEquals(List.of("insert", "insert", "stop", "setMachineType", "start", "reset", "compute.instance.setLabels", "compute.instance.setLabels", "setMetadata",
      "setMetadata"), operations.stream().map(op -> ((JsonObject) op).getString("operationType")).toList());

    gcloud.run(project, "compute", "instances", "delete", "gc-1", "gc-2", "--zone", ZONE).ok();
    assertEquals(404, http.get(instances + "gc-1").status());
    assertEquals(404, http.get(instances + "gc-2").status());
  }

  @Test
  void projectInfoAndOperationsOfEveryScope() {
    String project = Http.newProject();
    JsonObject described = new JsonObject(gcloud.run(project, "compute", "project-info", "describe", "--format=json").ok().out());
    assertEquals(project, described.getString("name"));

    String team = awkward(value -> new JsonArray().add(new JsonObject().put("key", "team").put("value", value)));
    gcloud.run(project, "compute", "project-info", "add-metadata", "--metadata=team=" + team).ok();
    String fingerprint = http.get("/compute/v1/projects/" + project).json().getJsonObject("commonInstanceMetadata").getString("fingerprint");
    assertTrue(fingerprint.contains("+") || fingerprint.contains("/"), fingerprint);
    gcloud.run(project, "compute", "project-info", "add-metadata", "--metadata=owner=tests").ok();
    assertEquals(new JsonArray().add(item("owner", "tests")).add(item("team", team)),
      http.get("/compute/v1/projects/" + project).json().getJsonObject("commonInstanceMetadata").getJsonArray("items"));

    gcloud.run(project, "compute", "instances", "create", "op-vm", "--zone", ZONE, "--machine-type", "e2-micro").ok();
    JsonArray operations = new JsonArray(gcloud.run(project, "compute", "operations", "list", "--format=json").ok().out());
    List<String> scopes = operations.stream().map(op -> ((JsonObject) op))
      .map(op -> op.getString("operationType") + " " + (op.containsKey("zone") ? "zone" : "global")).sorted().toList();
    assertEquals(List.of("insert zone", "setMetadata global", "setMetadata global"), scopes);
  }

  @Test
  void zonesAndMachineTypes() {
    String project = Http.newProject();
    CompletableFuture<Gcloud.Result> zones = async(project, "compute", "zones", "list", "--format=json");
    CompletableFuture<Gcloud.Result> types = async(project, "compute", "machine-types", "list", "--zones", ZONE, "--format=json");
    assertEquals(http.get("/compute/v1/projects/" + project + "/zones").json().getJsonArray("items").size(),
      new JsonArray(zones.join().ok().out()).size());
    JsonArray listed = new JsonArray(types.join().ok().out());
    assertEquals(names(http.get(Http.zonePath(project, ZONE) + "/machineTypes").json().getJsonArray("items")), names(listed));
    assertTrue(names(listed).contains("e2-micro"));
  }

  /** A value for which the fingerprint of {@code content} holds a character URL-safe base64 spells otherwise. */
  private static String awkward(Function<String, Object> content) {
    return IntStream.range(0, 1000).mapToObj(i -> "v" + i).filter(value -> {
      String fingerprint = Fingerprints.ofJson(content.apply(value));
      return fingerprint.contains("+") || fingerprint.contains("/");
    }).findFirst().orElseThrow();
  }

  private static CompletableFuture<Gcloud.Result> async(String project, String... args) {
    return CompletableFuture.supplyAsync(() -> gcloud.run(project, args));
  }

  private static List<String> names(JsonArray resources) {
    return resources.stream().map(item -> ((JsonObject) item).getString("name")).sorted().toList();
  }

  private static JsonObject item(String key, String value) {
    return new JsonObject().put("key", key).put("value", value);
  }

  private static String urlSafe(String fingerprint) {
    return fingerprint.replace('+', '-').replace('/', '_');
  }
}
