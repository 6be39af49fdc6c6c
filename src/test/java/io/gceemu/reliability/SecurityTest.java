package io.gceemu.reliability;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.RunningEmulator;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who gets in, what a project can see of another, and the limits on what a request may carry. */
class SecurityTest {

  private static final String ZONE = "us-central1-a";

  @Test
  void withAnAuthTokenEveryApiRequestNeedsItAndGetsGooglesWordsWithoutIt() throws Exception {
    try (RunningEmulator emulator = RunningEmulator.start(new JsonObject().put("authToken", "s3cret"))) {
      Http http = new Http(emulator.baseUrl());
      String instances = Http.zonePath(Http.newProject(), ZONE) + "/instances";

      Http.Response missing = http.get(instances);
      assertEquals(401, missing.status());
      assertEquals("required", missing.reason());
      assertTrue(missing.message().startsWith("Request is missing required authentication credential."), missing.message());
      Http.Response wrong = http.send(HttpRequest.newBuilder(http.uri(instances)).header("Authorization", "Bearer guess").GET());
      assertEquals(401, wrong.status());
      assertEquals("authError", wrong.reason());
      assertEquals(401, http.post(instances, Bodies.instance("vm-1", ZONE)).status());
      assertEquals(401, http.post("/_emulator/reset", "").status());

      Http.Response insert = http.send(HttpRequest.newBuilder(http.uri(instances)).header("Authorization", "Bearer s3cret")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Bodies.instance("vm-1", ZONE).encode())));
      assertEquals(200, insert.status(), insert.body());
      assertEquals(200, http.send(HttpRequest.newBuilder(http.uri(instances + "/vm-1")).header("Authorization", "Bearer s3cret").GET()).status());
      // Liveness probes carry no credentials.
      assertEquals(200, http.get("/compute/health").status());
    }
  }

  @Test
  void withAnAuthTokenProbesAndPrometheusScrapesNeedNone() throws Exception {
    try (RunningEmulator emulator = RunningEmulator.start(new JsonObject().put("authToken", "s3cret"))) {
      Http http = new Http(emulator.baseUrl());
      assertEquals(200, http.get("/health/live").status());
      Http.Response ready = http.get("/health/ready");
      assertEquals(200, ready.status(), ready.body());
      Http.Response metrics = http.get("/metrics");
      assertEquals(200, metrics.status(), metrics.body());
      assertTrue(metrics.body().contains("# TYPE gce_requests_seconds"), metrics.body());
      // Only those paths: one that merely starts like them is still an API request.
      assertEquals(401, http.get("/metrics/../compute/v1/projects/p").status());
      assertEquals(401, http.get("/metricsx").status());
    }
  }

  @Test
  void withoutAnAuthTokenAnyTokenOrNoneIsAccepted() throws Exception {
    try (RunningEmulator emulator = RunningEmulator.start()) {
      Http http = new Http(emulator.baseUrl());
      String instances = Http.zonePath(Http.newProject(), ZONE) + "/instances";
      assertEquals(200, http.get(instances).status());
      assertEquals(200, http.send(HttpRequest.newBuilder(http.uri(instances)).header("Authorization", "Bearer anything").GET()).status());
    }
  }

  @Test
  void noRouteListOrFilterShowsOneProjectAnotherProjectsResources() throws Exception {
    try (RunningEmulator emulator = RunningEmulator.start()) {
      Http http = new Http(emulator.baseUrl());
      String mine = Http.newProject();
      String theirs = Http.newProject();
      Http.Response insert = http.post(Http.zonePath(mine, ZONE) + "/instances", Bodies.instance("secret-vm", ZONE));
      String operation = insert.json().getString("name");
      String id = http.get(Http.zonePath(mine, ZONE) + "/instances/secret-vm").json().getString("id");

      String other = Http.zonePath(theirs, ZONE);
      assertEquals(404, http.get(other + "/instances/secret-vm").status());
      assertEquals(404, http.get(other + "/instances/" + id).status());
      assertEquals(404, http.get(other + "/operations/" + operation).status());
      assertEquals(404, http.post(other + "/instances/secret-vm/stop", "").status());
      assertEquals(404, http.delete(other + "/instances/secret-vm").status());
      assertFalse(http.get(other + "/instances?filter=name%3Dsecret-vm").body().contains("secret-vm"));
      assertFalse(http.get(other + "/operations").body().contains(operation));
      assertFalse(http.get("/compute/v1/projects/" + theirs + "/aggregated/instances").body().contains("secret-vm"));
      assertFalse(http.get("/compute/v1/projects/" + theirs + "/aggregated/instances?filter=name%3Dsecret-vm").body().contains("secret-vm"));
      assertEquals("RUNNING", http.get(Http.zonePath(mine, ZONE) + "/instances/secret-vm").json().getString("status"));
    }
  }

  @Test
  void tooLongAUrlOrTooLargeHeadersGetAnErrorEnvelopeNotADroppedConnection() throws Exception {
    try (RunningEmulator emulator = RunningEmulator.start()) {
      String longUrl = "GET " + Http.zonePath("p", ZONE) + "/instances?filter=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
      assertTrue(raw(emulator.port(), longUrl).matches("(?s)HTTP/1\\.[01] 414 .*\"code\":414.*"));
      String bigHeaders = "GET /compute/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(40_000) + "\r\n\r\n";
      assertTrue(raw(emulator.port(), bigHeaders).matches("(?s)HTTP/1\\.[01] 431 .*\"code\":431.*"));
      assertTrue(raw(emulator.port(), "NONSENSE\r\n\r\n").matches("(?s)HTTP/1\\.[01] 400 .*\"code\":400.*"));
      // And the server goes on serving.
      assertEquals(200, new Http(emulator.baseUrl()).get("/compute/health").status());
    }
  }

  private static String raw(int port, String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
