package io.gceemu.reliability;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.RunningEmulator;
import io.gceemu.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the emulator keeps, and how much it lets wait, are bounded. */
class ResourceBoundsTest {

  private static final String ZONE = "us-central1-a";

  @Test
  void finishedOperationsAreForgottenAfterTheirRetention() throws Exception {
    try (RunningEmulator emulator = RunningEmulator.start(new JsonObject().put("operationRetentionMs", 300))) {
      Http http = new Http(emulator.baseUrl());
      String zone = Http.zonePath(Http.newProject(), ZONE);
      Http.Response insert = http.post(zone + "/instances", Bodies.instance("kept", ZONE));
      String operation = insert.json().getString("name");
      assertEquals(200, http.get(zone + "/operations/" + operation).status());

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (http.get(zone + "/operations/" + operation).status() != 404 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(404, http.get(zone + "/operations/" + operation).status());
      assertFalse(http.get(zone + "/operations").body().contains(operation));
      try (Connection db = TestDatabase.jdbc();
           PreparedStatement query = db.prepareStatement("SELECT count(*) FROM compute_operations WHERE name = ?")) {
        query.setString(1, operation);
        try (ResultSet rows = query.executeQuery()) {
          rows.next();
          assertEquals(0, rows.getInt(1));
        }
      }
      assertEquals(200, http.get(zone + "/instances/kept").status());
    }
  }

  @Test
  void finishedGlobalOperationsAreForgottenAfterTheirRetentionToo() throws Exception {
    try (RunningEmulator emulator = RunningEmulator.start(new JsonObject().put("operationRetentionMs", 300))) {
      Http http = new Http(emulator.baseUrl());
      String project = "/compute/v1/projects/" + Http.newProject();
      String fingerprint = http.get(project).json().getJsonObject("commonInstanceMetadata").getString("fingerprint");
      Http.Response set = http.post(project + "/setCommonInstanceMetadata", new JsonObject().put("fingerprint", fingerprint)
        .put("items", new JsonArray().add(new JsonObject().put("key", "k").put("value", "v"))));
      assertEquals(200, set.status(), set.body());
      String operation = project + "/global/operations/" + set.json().getString("name");

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (http.get(operation).status() != 404 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(404, http.get(operation).status());
      assertEquals("v", http.get(project).json().getJsonObject("commonInstanceMetadata").getJsonArray("items").getJsonObject(0)
        .getString("value"), "the metadata stays");
    }
  }

  @Test
  void anOverloadedZoneShedsWith503AndRetryAfterInsteadOfQueueingWithoutBound() throws Exception {
    try (RunningEmulator emulator = RunningEmulator.start(new JsonObject().put("zoneQueueLimit", 4))) {
      String instances = emulator.baseUrl() + Http.zonePath(Http.newProject(), ZONE) + "/instances";
      HttpClient client = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        sent.add(client.sendAsync(HttpRequest.newBuilder(java.net.URI.create(instances)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(Bodies.instance("vm-" + i, ZONE).encode())).build(), HttpResponse.BodyHandlers.ofString()));
      }
      int created = 0;
      int shed = 0;
      for (CompletableFuture<HttpResponse<String>> response : sent) {
        HttpResponse<String> answer = response.get(60, TimeUnit.SECONDS);
        if (answer.statusCode() == 200) {
          created++;
        } else {
          assertEquals(503, answer.statusCode(), answer.body());
          assertEquals("1", answer.headers().firstValue("Retry-After").orElse(null));
          assertTrue(answer.body().contains("\"reason\":\"backendError\""), answer.body());
          shed++;
        }
      }
      System.out.println("300 inserts at once into a zone holding at most 4 waiting: " + created + " created, " + shed + " shed");
      assertTrue(shed > 0, "nothing was shed");
      Http http = new Http(emulator.baseUrl());
      assertEquals(created, http.get(Http.zonePath(instancesProject(instances), ZONE) + "/instances?maxResults=500")
        .json().getJsonArray("items", new io.vertx.core.json.JsonArray()).size());
      assertEquals(200, http.get("/compute/health").status());
    }
  }

  private static String instancesProject(String url) {
    return url.replaceAll(".*/projects/([^/]+)/.*", "$1");
  }
}
