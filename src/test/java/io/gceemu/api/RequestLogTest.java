package io.gceemu.api;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.RunningEmulator;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A line per request, plain or JSON, naming the GCE method, project and zone. */
class RequestLogTest {

  private static final String ZONE = "us-central1-a";

  @Test
  void jsonLinesNameTheGceMethodStatusProjectAndZone() throws Exception {
    List<String> lines = capture(() -> {
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
    List<String> lines = capture(() -> {
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

  private interface Action {
    void run() throws Exception;
  }

  private static List<String> capture(Action action) throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        lines.add(record.getMessage());
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger logger = Logger.getLogger("gce.requests");
    logger.addHandler(handler);
    try {
      action.run();
    } finally {
      logger.removeHandler(handler);
    }
    return lines;
  }
}
