package io.gceemu.api;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prometheus metrics at /metrics, liveness and readiness beside /compute/health. */
class MetricsAndHealthTest {

  private static final String ZONE = "us-central1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();

  @Test
  void metricsCountRequestsByGceMethodCommitsAndInstancesByZoneAndStatus() throws Exception {
    Http http = EMULATOR.http();
    String instances = Http.zonePath(Http.newProject(), ZONE) + "/instances";
    http.post(instances, Bodies.instance("measured", ZONE));
    http.post(instances + "/measured/stop", "");
    http.get(instances + "/nothing-here");

    String metrics = http.get("/metrics").body();
    assertTrue(value(metrics, "gce_requests_seconds_count\\{method=\"compute.instances.insert\",status=\"200\"\\}") >= 1, metrics);
    assertTrue(value(metrics, "gce_requests_seconds_count\\{method=\"compute.instances.get\",status=\"404\"\\}") >= 1, metrics);
    assertTrue(metrics.contains("gce_requests_seconds_bucket{method=\"compute.instances.stop\""), "latency histogram");
    assertTrue(value(metrics, "gce_commit_batch_size_count") >= 2);
    assertTrue(value(metrics, "gce_commit_seconds_count") >= 2);

    long deadline = System.nanoTime() + 5_000_000_000L;
    String zoneMetrics = metrics;
    // The zone publishes its gauges every few seconds, at 0 until its first count.
    while (value(zoneMetrics, "gce_instances\\{status=\"TERMINATED\",zone=\"" + ZONE + "\"\\}") < 1 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      zoneMetrics = http.get("/metrics").body();
    }
    assertTrue(value(zoneMetrics, "gce_instances\\{status=\"TERMINATED\",zone=\"" + ZONE + "\"\\}") >= 1, zoneMetrics);
    assertTrue(zoneMetrics.contains("gce_operations_in_flight{zone=\"" + ZONE + "\"}"));
    assertTrue(zoneMetrics.contains("gce_zone_waiting_requests{zone=\"" + ZONE + "\"}"));
  }

  @Test
  void livenessAndReadinessAnswerInTheHealthCheckFormat() {
    Http http = EMULATOR.http();
    Http.Response live = http.get("/health/live");
    assertEquals(200, live.status());
    assertEquals("UP", live.json().getString("status"));
    Http.Response ready = http.get("/health/ready");
    assertEquals(200, ready.status(), ready.body());
    JsonObject body = ready.json();
    assertEquals("UP", body.getString("status"));
    assertEquals(2, body.getJsonArray("checks").size());
  }

  private static double value(String metrics, String series) {
    Matcher matcher = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
  }
}
