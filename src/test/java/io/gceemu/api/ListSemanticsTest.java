package io.gceemu.api;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.EmulatorExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** maxResults and page tokens, orderBy, and both filter dialects, on instances and operations. */
class ListSemanticsTest {

  private static final String ZONE = "europe-west4-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static Http http;
  private static String instances;
  private static String project;

  @BeforeAll
  static void start() {
    http = EMULATOR.http();
    project = Http.newProject();
    instances = Http.zonePath(project, ZONE) + "/instances";
    String[][] fleet = {{"web-1", "prod"}, {"web-2", "prod"}, {"web-3", "dev"}, {"db-1", "prod"}, {"batch-1", null}};
    for (String[] vm : fleet) {
      JsonObject body = Bodies.instance(vm[0], ZONE);
      if (vm[1] != null) {
        body.put("labels", new JsonObject().put("env", vm[1]));
      }
      http.post(instances, body);
    }
    http.post(instances + "/db-1/stop", "");
  }

  private static List<String> names(String query) {
    JsonObject list = http.get(instances + "?" + query).json();
    List<String> names = new ArrayList<>();
    list.getJsonArray("items", new JsonArray()).forEach(item -> names.add(((JsonObject) item).getString("name")));
    return names;
  }

  private static String filter(String expression) {
    return "filter=" + URLEncoder.encode(expression, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void defaultOrderIsByName() {
    assertEquals(List.of("batch-1", "db-1", "web-1", "web-2", "web-3"), names(""));
  }

  @Test
  void creationTimestampDescIsNewestFirst() {
    assertEquals(List.of("batch-1", "db-1", "web-3", "web-2", "web-1"), names("orderBy=" + URLEncoder.encode("creationTimestamp desc", StandardCharsets.UTF_8)));
  }

  @Test
  void pagesFollowTheTokenToTheEnd() {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      JsonObject page = http.get(instances + "?maxResults=2" + (token == null ? "" : "&pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8))).json();
      JsonArray items = page.getJsonArray("items");
      assertEquals(true, items.size() <= 2);
      items.forEach(item -> seen.add(((JsonObject) item).getString("name")));
      token = page.getString("nextPageToken");
      pages++;
    } while (token != null);
    assertEquals(3, pages);
    assertEquals(List.of("batch-1", "db-1", "web-1", "web-2", "web-3"), seen);
  }

  @Test
  void comparisonFilters() {
    assertEquals(List.of("db-1"), names(filter("status = TERMINATED")));
    assertEquals(List.of("batch-1", "web-1", "web-2", "web-3"), names(filter("status != TERMINATED")));
    assertEquals(List.of("db-1", "web-1", "web-2"), names(filter("labels.env = prod")));
    assertEquals(List.of("db-1", "web-1", "web-2", "web-3"), names(filter("labels.env:*")));
    assertEquals(List.of("web-1", "web-2"), names(filter("(labels.env = prod) (status = RUNNING)")));
    assertEquals(List.of("web-1", "web-2"), names(filter("labels.env = \"prod\" AND name != db-1")));
    assertEquals(List.of("web-3"), names(filter("labels.env = dev OR labels.env = qa")));
    assertEquals(List.of("batch-1", "db-1", "web-1", "web-2", "web-3"), names(filter("zone = " + ZONE)));
  }

  @Test
  void regularExpressionFiltersMatchTheWholeField() {
    assertEquals(List.of("web-1", "web-2", "web-3"), names(filter("name eq web-.*")));
    assertEquals(List.of(), names(filter("name eq web")));
    assertEquals(List.of("batch-1", "db-1"), names(filter("name ne web-.*")));
    assertEquals(List.of("web-1", "web-2"), names(filter("(name eq 'web-.*') (labels.env eq prod)")));
  }

  @Test
  void goStyleFormEncodedFiltersWork() {
    assertEquals(List.of("db-1", "web-1", "web-2"), names("alt=json&filter=labels.env+%3D+prod&prettyPrint=false"));
  }

  @Test
  void filteringAnEmptySetOmitsItems() {
    JsonObject list = http.get(instances + "?" + filter("name = nobody")).json();
    assertFalse(list.containsKey("items"));
    assertNull(list.getString("nextPageToken"));
  }

  @Test
  void aggregatedListsPageAcrossZones() {
    String other = Http.zonePath(project, "europe-west4-b") + "/instances";
    http.post(other, Bodies.instance("far-1", "europe-west4-b"));
    String aggregated = "/compute/v1/projects/" + project + "/aggregated/instances";
    JsonObject first = http.get(aggregated + "?maxResults=4").json();
    assertEquals(4, first.getJsonObject("items").getJsonObject("zones/" + ZONE).getJsonArray("instances").size());
    JsonObject second = http.get(aggregated + "?maxResults=4&pageToken=" + first.getString("nextPageToken")).json();
    assertEquals(1, second.getJsonObject("items").getJsonObject("zones/" + ZONE).getJsonArray("instances").size());
    assertEquals("far-1", second.getJsonObject("items").getJsonObject("zones/europe-west4-b").getJsonArray("instances").getJsonObject(0).getString("name"));
    assertNull(second.getString("nextPageToken"));
    JsonObject filtered = http.get(aggregated + "?" + filter("name = far-1")).json();
    assertEquals("NO_RESULTS_ON_PAGE", filtered.getJsonObject("items").getJsonObject("zones/" + ZONE).getJsonObject("warning").getString("code"));
  }

  /** Pages of two cut through each zone's part anywhere, and together hold every instance once, in order. */
  @Test
  void aggregatedPagesOfAnySizeHoldEveryInstanceOnceInOrder() {
    http.post(Http.zonePath(project, "europe-west4-b") + "/instances", Bodies.instance("far-2", "europe-west4-b"));
    String aggregated = "/compute/v1/projects/" + project + "/aggregated/instances";
    List<String> whole = aggregatedNames(http.get(aggregated).json());
    List<String> paged = new java.util.ArrayList<>();
    String token = null;
    do {
      JsonObject page = http.get(aggregated + "?maxResults=2" + (token == null ? "" : "&pageToken=" + token)).json();
      List<String> names = aggregatedNames(page);
      assertTrue(names.size() <= 2, names.toString());
      paged.addAll(names);
      token = page.getString("nextPageToken");
    } while (token != null);
    assertEquals(whole, paged);
    assertTrue(whole.contains("far-2") && whole.size() >= 6, whole.toString());
  }

  private static List<String> aggregatedNames(JsonObject list) {
    List<String> names = new java.util.ArrayList<>();
    list.getJsonObject("items").forEach(scope -> ((JsonObject) scope.getValue()).getJsonArray("instances", new io.vertx.core.json.JsonArray())
      .forEach(instance -> names.add(((JsonObject) instance).getString("name"))));
    return names;
  }

  @Test
  void operationsListWithFilterAndPaging() {
    String operations = Http.zonePath(project, ZONE) + "/operations";
    JsonObject stops = http.get(operations + "?" + filter("operationType = stop")).json();
    assertEquals(1, stops.getJsonArray("items").size());
    JsonObject page = http.get(operations + "?maxResults=3").json();
    assertEquals(3, page.getJsonArray("items").size());
    assertEquals(3, http.get(operations + "?maxResults=3&pageToken=" + page.getString("nextPageToken")).json().getJsonArray("items").size());
  }
}
