package io.gceemu.api;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorProcess;
import io.gceemu.support.Eventually;
import io.gceemu.support.Http;
import io.gceemu.support.LogCapture;
import io.gceemu.support.RunningEmulator;
import io.gceemu.support.TestDatabase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A line per request, plain or JSON, naming the GCE method, project and zone: what the handler
 * logs, in this JVM, and what a process started as users start it prints with the jar's
 * logback.xml.
 */
class RequestLogTest {

  private static final String ZONE = "us-central1-a";
  /** Logback's layout for every line but a JSON request line: time, level, logger. */
  private static final Pattern PREFIXED = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) +\\S+ - .*");
  private static final Pattern LISTENING = Pattern.compile("gce-emulator listening on http://\\S+ \\(started in .*");

  @Test
  void aJsonRequestLineInTheProcessOutputIsOneJsonObjectAndNothingElse() throws Exception {
    List<String> output = processOutput("json");
    List<JsonObject> requests = output.stream().filter(line -> line.startsWith("{")).map(JsonObject::new).toList();
    assertEquals(Set.of("compute.instances.insert 200", "compute.instances.get 404", "compute.instances.list 200"),
      requests.stream().map(line -> line.getString("gceMethod") + " " + line.getInteger("status")).collect(Collectors.toSet()), output.toString());
    assertEquals(3, requests.size(), output.toString());
    // Every other line is the listening line or carries the usual prefix: no request line hides behind one.
    assertTrue(output.stream().allMatch(line -> line.startsWith("{") || PREFIXED.matcher(line).matches()
      || LISTENING.matcher(line).matches()), output.toString());
    assertTrue(output.stream().noneMatch(line -> line.contains("gce.requests")), output.toString());
  }

  @Test
  void aPlainRequestLineInTheProcessOutputCarriesTheUsualPrefix() throws Exception {
    List<String> output = processOutput("plain");
    List<String> requests = output.stream().filter(line -> line.contains(" gce.requests.plain - ")).toList();
    assertEquals(3, requests.size(), output.toString());
    assertTrue(requests.stream().anyMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  gce\\.requests\\.plain - GET "
      + "/compute/v1/projects/(\\S+)/zones/us-central1-a/instances 200 \\d+\\.\\d ms compute\\.instances\\.list project=\\1 zone=us-central1-a")),
      requests.toString());
    assertTrue(output.stream().allMatch(line -> PREFIXED.matcher(line).matches() || LISTENING.matcher(line).matches()), output.toString());
  }

  @Test
  void jsonLinesNameTheGceMethodStatusProjectAndZone() throws Exception {
    List<String> lines = LogCapture.during(RequestLog.JSON_LOGGER, () -> {
      try (RunningEmulator emulator = RunningEmulator.start(new JsonObject().put("requestLog", "json"))) {
        Http http = new Http(emulator.baseUrl());
        http.post(Http.zonePath("logged", ZONE) + "/instances", Bodies.instance("vm-1", ZONE));
        http.get(Http.zonePath("logged", ZONE) + "/instances/missing");
      }
    });
    JsonObject insert = lines.stream().map(JsonObject::new).filter(line -> line.getString("gceMethod").equals("compute.instances.insert"))
      .findFirst().orElseThrow(() -> new AssertionError(lines.toString()));
    assertEquals("POST", insert.getString("method"));
    assertEquals(200, insert.getInteger("status"));
    assertEquals("logged", insert.getString("project"));
    assertEquals(ZONE, insert.getString("zone"));
    assertTrue(insert.getDouble("durationMs") >= 0);
    assertTrue(lines.stream().map(JsonObject::new).anyMatch(line -> line.getString("gceMethod").equals("compute.instances.get")
      && line.getInteger("status") == 404), lines.toString());
  }

  @Test
  void plainLinesAreOneReadableLinePerRequest() throws Exception {
    List<String> lines = LogCapture.during(RequestLog.PLAIN_LOGGER, () -> {
      try (RunningEmulator emulator = RunningEmulator.start(new JsonObject().put("requestLog", "plain"))) {
        new Http(emulator.baseUrl()).get(Http.zonePath("logged", ZONE) + "/instances");
      }
    });
    assertTrue(lines.stream().anyMatch(line -> line.matches(
      "GET /compute/v1/projects/logged/zones/us-central1-a/instances 200 \\d+\\.\\d ms compute\\.instances\\.list project=logged zone=us-central1-a")),
      lines.toString());
  }

  @Test
  void routesAreNamedAsGoogleNamesTheirMethods() {
    String zone = RouteSupport.API + "/projects/:project/zones/:zone";
    assertEquals("compute.instances.insert", GceMethods.of(HttpMethod.POST, zone + "/instances"));
    assertEquals("compute.instances.list", GceMethods.of(HttpMethod.GET, zone + "/instances"));
    assertEquals("compute.instances.get", GceMethods.of(HttpMethod.GET, zone + "/instances/:instance"));
    assertEquals("compute.instances.update", GceMethods.of(HttpMethod.PUT, zone + "/instances/:instance"));
    assertEquals("compute.instances.delete", GceMethods.of(HttpMethod.DELETE, zone + "/instances/:instance"));
    assertEquals("compute.instances.stop", GceMethods.of(HttpMethod.POST, zone + "/instances/:instance/stop"));
    assertEquals("compute.instances.getSerialPortOutput", GceMethods.of(HttpMethod.GET, zone + "/instances/:instance/serialPort"));
    assertEquals("compute.instances.aggregatedList", GceMethods.of(HttpMethod.GET, RouteSupport.API + "/projects/:project/aggregated/instances"));
    assertEquals("compute.zoneOperations.wait", GceMethods.of(HttpMethod.POST, zone + "/operations/:operation/wait"));
    assertEquals("compute.diskTypes.list", GceMethods.of(HttpMethod.GET, zone + "/diskTypes"));
    assertEquals("compute.disks.resize", GceMethods.of(HttpMethod.POST, zone + "/disks/:resource/resize"));
    assertEquals("compute.snapshots.insert", GceMethods.of(HttpMethod.POST, RouteSupport.API + "/projects/:project/global/snapshots"));
    assertEquals("compute.zoneOperations.get", GceMethods.of(HttpMethod.GET, zone + "/operations/:operation"));
    assertEquals("compute.machineTypes.list", GceMethods.of(HttpMethod.GET, zone + "/machineTypes"));
    assertEquals("compute.zones.get", GceMethods.of(HttpMethod.GET, RouteSupport.API + "/projects/:project/zones/:zone"));
    assertEquals("compute.projects.get", GceMethods.of(HttpMethod.GET, RouteSupport.API + "/projects/:project"));
    String project = RouteSupport.API + "/projects/:project";
    assertEquals("compute.projects.setCommonInstanceMetadata", GceMethods.of(HttpMethod.POST, project + "/setCommonInstanceMetadata"));
    assertEquals("compute.globalOperations.get", GceMethods.of(HttpMethod.GET, project + "/global/operations/:operation"));
    assertEquals("compute.globalOperations.wait", GceMethods.of(HttpMethod.POST, project + "/global/operations/:operation/wait"));
    assertEquals("compute.globalOperations.list", GceMethods.of(HttpMethod.GET, project + "/global/operations"));
    assertEquals("compute.globalOperations.aggregatedList", GceMethods.of(HttpMethod.GET, project + "/aggregated/operations"));
  }

  /**
   * Everything an emulator process on the test database printed while it served an insert, a GET
   * of a missing instance and a list, then stopped as a service manager stops it (SIGTERM).
   */
  private static List<String> processOutput(String requestLog) throws Exception {
    List<String> output = new CopyOnWriteArrayList<>();
    EmulatorProcess emulator = EmulatorProcess.start(List.of("--port", "0", "--db-url", TestDatabase.url(), "--request-log", requestLog),
      output::add);
    try {
      Http http = new Http(emulator.baseUrl());
      String zone = Http.zonePath(Http.newProject(), ZONE);
      assertEquals(200, http.post(zone + "/instances", Bodies.instance("vm-1", ZONE)).status());
      assertEquals(404, http.get(zone + "/instances/missing").status());
      assertEquals(200, http.get(zone + "/instances").status());
      // Written by the log's own thread, so a moment later. Waited for before the stop: a line
      // logged just before SIGTERM was seen missing under surefire (not outside it), an open case.
      Eventually.awaitTrue("three request lines", 10,
        () -> output.stream().filter(line -> line.startsWith("{") || line.contains(" gce.requests.plain - ")).count() >= 3);
    } finally {
      emulator.process().destroy();
      assertTrue(emulator.process().waitFor(60, TimeUnit.SECONDS));
    }
    return List.copyOf(output);
  }
}
