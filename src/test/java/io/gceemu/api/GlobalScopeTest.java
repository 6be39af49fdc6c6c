package io.gceemu.api;

import com.google.cloud.compute.v1.RegionOperationsClient;
import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code projects.setCommonInstanceMetadata}, the global operations it answers with, and
 * {@code globalOperations.aggregatedList} across the global scope, the regions and the zones.
 */
class GlobalScopeTest {

  private static final String ZONE = "us-west1-b";
  private static final String EMPTY = "42WmSpB8rSM=";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static Http http;
  private String project;
  private String base;

  @BeforeAll
  static void start() {
    http = EMULATOR.http();
  }

  @BeforeEach
  void newProject() {
    project = Http.newProject();
    base = "/compute/v1/projects/" + project;
  }

  @Test
  void setCommonInstanceMetadataAnswersWithADoneGlobalOperation() {
    JsonObject before = http.get(base).json();
    assertEquals(new JsonObject().put("kind", "compute#metadata").put("fingerprint", EMPTY), before.getJsonObject("commonInstanceMetadata"));

    Http.Response response = http.post(base + "/setCommonInstanceMetadata", metadata(EMPTY, "foo", "bar"));
    assertEquals(200, response.status(), response.body());
    JsonObject operation = response.json();
    assertEquals("compute#operation", operation.getString("kind"));
    assertEquals("setMetadata", operation.getString("operationType"));
    assertEquals("DONE", operation.getString("status"));
    assertEquals(100, operation.getInteger("progress"));
    assertFalse(operation.containsKey("zone"), "a global operation has no zone");
    assertEquals("https://www.googleapis.com/compute/v1/projects/" + project + "/global/operations/" + operation.getString("name"),
      operation.getString("selfLink"));
    assertEquals("https://www.googleapis.com/compute/v1/projects/" + project, operation.getString("targetLink"));
    assertEquals(before.getString("id"), operation.getString("targetId"));
    assertTrue(operation.containsKey("endTime"));

    JsonObject after = http.get(base).json().getJsonObject("commonInstanceMetadata");
    assertEquals(new JsonArray().add(new JsonObject().put("key", "foo").put("value", "bar")), after.getJsonArray("items"));
    assertNotEquals(EMPTY, after.getString("fingerprint"));
  }

  @Test
  void aStaleFingerprintIs412AndTheUrlSafeFormOfTheCurrentOneIsAccepted() {
    http.post(base + "/setCommonInstanceMetadata", metadata(EMPTY, "a", "1"));
    Http.Response stale = http.post(base + "/setCommonInstanceMetadata", metadata(EMPTY, "a", "2"));
    assertEquals(412, stale.status());
    assertEquals("conditionNotMet", stale.reason());
    assertEquals("Supplied fingerprint does not match current metadata fingerprint.", stale.message());
    assertEquals(412, http.post(base + "/setCommonInstanceMetadata", new JsonObject().put("items", new JsonArray())).status(),
      "no fingerprint at all");

    // Find contents whose fingerprint the two base64 alphabets spell apart, then quote it URL-safe.
    String current = http.get(base).json().getJsonObject("commonInstanceMetadata").getString("fingerprint");
    for (int i = 0; !current.contains("+") && !current.contains("/"); i++) {
      assertEquals(200, http.post(base + "/setCommonInstanceMetadata", metadata(current, "a", "v" + i)).status());
      current = http.get(base).json().getJsonObject("commonInstanceMetadata").getString("fingerprint");
    }
    String urlSafe = current.replace('+', '-').replace('/', '_');
    assertEquals(200, http.post(base + "/setCommonInstanceMetadata", metadata(urlSafe, "a", "url-safe")).status());
    assertEquals("url-safe", http.get(base).json().getJsonObject("commonInstanceMetadata").getJsonArray("items")
      .getJsonObject(0).getString("value"));
  }

  @Test
  void itemsFollowTheInstanceMetadataRules() {
    JsonObject body = new JsonObject().put("fingerprint", EMPTY)
      .put("items", new JsonArray().add(new JsonObject().put("key", "bad key").put("value", "x")));
    Http.Response response = http.post(base + "/setCommonInstanceMetadata", body);
    assertEquals(400, response.status());
    assertEquals("invalid", response.reason());
    assertTrue(response.message().startsWith("Invalid value for field 'metadata.items[0].key': 'bad key'."), response.message());
  }

  @Test
  void aRetriedRequestIdGetsTheFirstOperation() {
    String requestId = UUID.randomUUID().toString();
    JsonObject first = http.post(base + "/setCommonInstanceMetadata?requestId=" + requestId, metadata(EMPTY, "k", "v")).json();
    Http.Response retried = http.post(base + "/setCommonInstanceMetadata?requestId=" + requestId, metadata(EMPTY, "k", "v"));
    assertEquals(200, retried.status(), "the retry is not a stale write: " + retried.body());
    assertEquals(first.getString("name"), retried.json().getString("name"));
    assertEquals(requestId, retried.json().getString("clientOperationId"));
  }

  @Test
  void globalOperationsAreReadWaitedListedAndDeleted() {
    JsonObject operation = http.post(base + "/setCommonInstanceMetadata", metadata(EMPTY, "k", "v")).json();
    String operations = base + "/global/operations/";
    assertEquals(operation, http.get(operations + operation.getString("name")).json());
    assertEquals(operation, http.get(operations + operation.getString("id")).json(), "by numeric id");
    assertEquals(operation, http.post(operations + operation.getString("name") + "/wait", "").json());

    JsonObject list = http.get(base + "/global/operations").json();
    assertEquals("compute#operationList", list.getString("kind"));
    assertEquals(new JsonArray().add(operation), list.getJsonArray("items"));
    assertFalse(http.get(base + "/global/operations?filter=operationType%3Dinsert").json().containsKey("items"));

    assertEquals(new JsonObject(), http.delete(operations + operation.getString("name")).json());
    Http.Response gone = http.get(operations + operation.getString("name"));
    assertEquals(404, gone.status());
    assertEquals("The resource 'projects/" + project + "/global/operations/" + operation.getString("name") + "' was not found",
      gone.message());
  }

  @Test
  void theAggregatedListHasEveryScope() {
    http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("vm", ZONE));
    JsonObject global = http.post(base + "/setCommonInstanceMetadata", metadata(EMPTY, "k", "v")).json();
    JsonObject list = http.get(base + "/aggregated/operations?includeAllScopes=True&maxResults=500&returnPartialSuccess=True").json();
    assertEquals("compute#operationAggregatedList", list.getString("kind"));
    assertEquals("projects/" + project + "/aggregated/operations", list.getString("id"));
    JsonObject items = list.getJsonObject("items");
    assertEquals(new JsonArray().add(global), items.getJsonObject("global").getJsonArray("operations"));
    JsonArray zonal = items.getJsonObject("zones/" + ZONE).getJsonArray("operations");
    assertEquals("insert", zonal.getJsonObject(0).getString("operationType"));
    assertEquals(new JsonObject().put("code", "NO_RESULTS_ON_PAGE")
        .put("data", new JsonArray().add(new JsonObject().put("key", "scope").put("value", "regions/us-west1")))
        .put("message", "There are no results for scope 'regions/us-west1' on this page."),
      items.getJsonObject("regions/us-west1").getJsonObject("warning"));
    assertEquals("NO_RESULTS_ON_PAGE", items.getJsonObject("zones/us-central1-a").getJsonObject("warning").getString("code"));

    JsonObject first = http.get(base + "/aggregated/operations?maxResults=1").json();
    assertTrue(first.getJsonObject("items").getJsonObject("global").containsKey("operations"));
    JsonObject second = http.get(base + "/aggregated/operations?maxResults=1&pageToken=" + first.getString("nextPageToken")).json();
    assertTrue(second.getJsonObject("items").getJsonObject("zones/" + ZONE).containsKey("operations"));
    assertFalse(second.containsKey("nextPageToken"));

    JsonObject filtered = http.get(base + "/aggregated/operations?filter=operationType%3Dinsert").json().getJsonObject("items");
    assertTrue(filtered.getJsonObject("global").containsKey("warning"));
    assertTrue(filtered.getJsonObject("zones/" + ZONE).containsKey("operations"));
  }

  private static JsonObject metadata(String fingerprint, String key, String value) {
    return new JsonObject().put("fingerprint", fingerprint)
      .put("items", new JsonArray().add(new JsonObject().put("key", key).put("value", value)));
  }

  /**
   * A region's owner answers its operations. Nothing served lives in a region yet, so it has none:
   * listed empty, each a 404, through the Java client too.
   */
  @Test
  void aRegionHasNoOperationsYetAndSaysSoAsGceWould() {
    String project = "regional-" + UUID.randomUUID().toString().substring(0, 8);
    String base = "/compute/v1/projects/" + project + "/regions/us-central1/operations";
    JsonObject list = http.get(base).json();
    assertEquals("compute#operationList", list.getString("kind"));
    assertFalse(list.containsKey("items"));
    assertEquals("https://www.googleapis.com/compute/v1/" + base.substring("/compute/v1/".length()), list.getString("selfLink"));
    Http.Response missing = http.get(base + "/operation-1");
    assertEquals(404, missing.status());
    assertEquals("The resource 'projects/" + project + "/regions/us-central1/operations/operation-1' was not found", missing.message());
    assertEquals(404, http.post(base + "/operation-1/wait", "").status());
    assertEquals(404, http.delete(base + "/operation-1").status());
    Http.Response unknown = http.get("/compute/v1/projects/" + project + "/regions/mars-north1/operations");
    assertEquals(400, unknown.status());
    assertEquals("Invalid value for field 'region': 'mars-north1'. Unknown region.", unknown.message());
    assertEquals(400, http.get(base + "?filter=((").status(), "the list's options are checked as for any list");
    try (RegionOperationsClient operations = JavaClients.regionOperations(EMULATOR.baseUrl())) {
      assertFalse(operations.list(project, "europe-west1").iterateAll().iterator().hasNext());
    }
  }
}
