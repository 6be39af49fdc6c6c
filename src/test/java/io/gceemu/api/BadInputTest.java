package io.gceemu.api;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.EmulatorExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input gets GCE's error envelope with the right status, reason and wording. */
class BadInputTest {

  private static final String ZONE = "us-central1-a";
  private static final String NAME_REGEX = "(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static Http http;
  private String project;
  private String instances;

  @BeforeAll
  static void start() {
    http = EMULATOR.http();
  }

  @BeforeEach
  void newProject() {
    project = Http.newProject();
    instances = Http.zonePath(project, ZONE) + "/instances";
  }

  private static void assertError(Http.Response response, int status, String reason, String message) {
    assertEquals(status, response.status(), response.body());
    assertEquals(reason, response.reason(), response.body());
    assertEquals(message, response.message());
    assertEquals(status, response.json().getJsonObject("error").getInteger("code"));
  }

  @Test
  void anInvalidNameIsRejectedWithTheRegex() {
    assertError(http.post(instances, Bodies.instance("Bad_Name", ZONE)), 400, "invalid",
      "Invalid value for field 'resource.name': 'Bad_Name'. Must be a match of regex '" + NAME_REGEX + "'");
    assertError(http.post(instances, Bodies.instance("a".repeat(64), ZONE)), 400, "invalid",
      "Invalid value for field 'resource.name': '" + "a".repeat(64) + "'. Must be a match of regex '" + NAME_REGEX + "'");
  }

  /** Postgres keeps no NUL in JSON: a text holding one is the caller's error, and nothing is stored. */
  @Test
  void aNulInAnyTextIsAnInvalidValue() {
    assertError(http.post(instances, Bodies.instance("nul", ZONE).put("description", "a\u0000b")), 400, "invalid",
      "Invalid value: a text of the request holds a NUL character, which is not allowed.");
    assertEquals(404, http.get(instances + "/nul").status());
  }

  @Test
  void consecutiveHyphensAreLegal() {
    assertEquals(200, http.post(instances, Bodies.instance("a--b", ZONE)).status());
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    assertError(http.post(instances, Bodies.instance("x", ZONE).put("name", (String) null)), 400, "required",
      "Required field 'resource.name' not specified");
    JsonObject noType = Bodies.instance("x", ZONE);
    noType.remove("machineType");
    assertError(http.post(instances, noType), 400, "required", "Required field 'resource.machineType' not specified");
    assertError(http.post(instances, ""), 400, "required", "Required field 'resource' not specified");
  }

  @Test
  void anUnknownMachineTypeIsInvalid() {
    JsonObject body = Bodies.instance("x", ZONE).put("machineType", "zones/" + ZONE + "/machineTypes/e2-huge");
    assertError(http.post(instances, body), 400, "invalid", "Invalid value for field 'resource.machineType': 'zones/"
      + ZONE + "/machineTypes/e2-huge'. Machine type with name 'e2-huge' does not exist in zone '" + ZONE + "'.");
  }

  /** Wording unconfirmed: modelled on GCE's "Disk must be in the same zone as the instance." */
  @Test
  void aMachineTypeOfAnotherZoneSaysTheZonesDiffer() {
    String other = "zones/us-east1-b/machineTypes/e2-micro";
    assertError(http.post(instances, Bodies.instance("x", ZONE).put("machineType", other)), 400, "invalid",
      "Invalid value for field 'resource.machineType': '" + other + "'. Machine type must be in the same zone as the instance.");
    http.post(instances, Bodies.instance("typed", ZONE));
    http.post(instances + "/typed/stop", "");
    assertError(http.post(instances + "/typed/setMachineType", new JsonObject().put("machineType", other)), 400, "invalid",
      "Invalid value for field 'machineType': '" + other + "'. Machine type must be in the same zone as the instance.");
  }

  @Test
  void machineTypesAreAcceptedInAllThreeForms() {
    String[] forms = {
      "zones/" + ZONE + "/machineTypes/e2-micro",
      "projects/" + project + "/zones/" + ZONE + "/machineTypes/e2-micro",
      "https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + ZONE + "/machineTypes/e2-micro"};
    for (int i = 0; i < forms.length; i++) {
      Http.Response response = http.post(instances, Bodies.instance("form-" + i, ZONE).put("machineType", forms[i]));
      assertEquals(200, response.status(), response.body());
      assertTrue(http.get(instances + "/form-" + i).json().getString("machineType").endsWith("/zones/" + ZONE + "/machineTypes/e2-micro"));
    }
  }

  @Test
  void anUnknownZoneIsInvalid() {
    assertError(http.get(Http.zonePath(project, "us-central1-z") + "/instances"), 400, "invalid",
      "Invalid value for field 'zone': 'us-central1-z'. Unknown zone.");
  }

  @Test
  void anInvalidProjectIsRejected() {
    Http.Response response = http.get("/compute/v1/projects/Bad_Project/zones/" + ZONE + "/instances");
    assertEquals(400, response.status());
    assertEquals("invalid", response.reason());
    assertTrue(response.message().startsWith("Invalid value for field 'project': 'Bad_Project'."), response.message());
  }

  @Test
  void wrongJsonTypesAreReportedAsTheProtoParserDoes() {
    assertError(http.post(instances, Bodies.instance("x", ZONE).put("name", 123)), 400, "invalid",
      "Invalid value at 'resource.name' (TYPE_STRING), 123");
    assertError(http.post(instances, Bodies.instance("x", ZONE).put("canIpForward", "yes")), 400, "invalid",
      "Invalid value at 'resource.canIpForward' (TYPE_BOOL), \"yes\"");
    Http.Response labels = http.post(instances, Bodies.instance("x", ZONE).put("labels", "env"));
    assertEquals(400, labels.status());
    assertEquals("invalid", labels.reason());
  }

  @Test
  void malformedJsonIsAParseError() {
    Http.Response response = http.post(instances, "{\"name\": ");
    assertEquals(400, response.status());
    assertEquals("parseError", response.reason());
    assertTrue(response.message().startsWith("Invalid JSON payload received."), response.message());
    assertEquals(400, http.post(instances, "[1,2]").status());
  }

  @Test
  void labelRulesUseGceWording() {
    assertError(http.post(instances, Bodies.instance("x", ZONE).put("labels", new JsonObject().put("Env", "dev"))), 400, "invalid",
      "Invalid value for field 'resource.labels': ''. Label key 'Env' violates format constraints. The key must start with a"
        + " lowercase character, can only contain lowercase letters, numeric characters, underscores and dashes. The key can"
        + " be at most 63 characters long. International characters are allowed.");
    assertError(http.post(instances, Bodies.instance("x", ZONE).put("labels", new JsonObject().put("env", "Dev"))), 400, "invalid",
      "Invalid value for field 'resource.labels': ''. Label value 'Dev' violates format constraints. The value can only"
        + " contain lowercase letters, numeric characters, underscores and dashes. The value can be at most 63 characters"
        + " long. International characters are allowed.");
    JsonObject many = new JsonObject();
    for (int i = 0; i < 65; i++) {
      many.put("k" + i, "v");
    }
    assertEquals(400, http.post(instances, Bodies.instance("x", ZONE).put("labels", many)).status());
    assertEquals(200, http.post(instances, Bodies.instance("intl", ZONE).put("labels", new JsonObject().put("ключ", "значение"))).status());
  }

  @Test
  void tagAndMetadataRulesAreEnforced() {
    JsonObject badTag = Bodies.instance("x", ZONE).put("tags", new JsonObject().put("items", new JsonArray().add("Bad_Tag")));
    assertError(http.post(instances, badTag), 400, "invalid",
      "Invalid value for field 'resource.tags.items[0]': 'Bad_Tag'. Must be a match of regex '" + NAME_REGEX + "'");
    JsonObject badKey = Bodies.instance("x", ZONE).put("metadata", new JsonObject().put("items", new JsonArray()
      .add(new JsonObject().put("key", "ok").put("value", "1")).add(new JsonObject().put("key", "#").put("value", "2"))));
    assertError(http.post(instances, badKey), 400, "invalid",
      "Invalid value for field 'resource.metadata.items[1].key': '#'. Must be a match of regex '[a-zA-Z0-9-_]{1,128}'");
    JsonObject tooBig = Bodies.instance("x", ZONE).put("metadata", new JsonObject().put("items", new JsonArray()
      .add(new JsonObject().put("key", "big").put("value", "x".repeat(262_145)))));
    assertEquals(400, http.post(instances, tooBig).status());
    JsonObject duplicate = Bodies.instance("x", ZONE).put("metadata", new JsonObject().put("items", new JsonArray()
      .add(new JsonObject().put("key", "k").put("value", "1")).add(new JsonObject().put("key", "k").put("value", "2"))));
    assertEquals(400, http.post(instances, duplicate).status());
    assertEquals(404, http.get(instances + "/x").status(), "nothing rejected was stored");
  }

  @Test
  void oversizeBodiesAre413() {
    String huge = "{\"name\":\"big\",\"description\":\"" + "x".repeat(1024 * 1024) + "\"}";
    Http.Response response = http.post(instances, huge);
    assertEquals(413, response.status());
    assertEquals(413, response.json().getJsonObject("error").getInteger("code"));
  }

  @Test
  void unknownRoutesAre404AndWrongMethods405() {
    Http.Response unknown = http.get("/compute/v1/projects/" + project + "/nothing-here");
    assertEquals(404, unknown.status());
    assertEquals("notFound", unknown.reason());
    Http.Response wrongMethod = http.method("PUT", instances, "{}");
    assertEquals(405, wrongMethod.status());
    assertEquals(405, wrongMethod.json().getJsonObject("error").getInteger("code"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"maxResults=-1", "maxResults=501", "maxResults=abc", "pageToken=garbage", "filter=name%20%3D",
    "filter=%28name%20%3D%20a", "orderBy=status", "filter=name%20eq%20a%20name%20%3D%20b"})
  void badListParametersAre400(String query) {
    Http.Response response = http.get(instances + "?" + query);
    assertEquals(400, response.status(), response.body());
    assertEquals("invalid", response.reason());
  }

  @Test
  void listParameterMessagesNameTheField() {
    assertEquals("Invalid value for field 'maxResults': '501'. Must be less than or equal to 500",
      http.get(instances + "?maxResults=501").message());
    assertEquals("Invalid value at 'max_results' (TYPE_UINT32), \"-1\"", http.get(instances + "?maxResults=-1").message());
    assertEquals("Invalid value for field 'filter': 'name ='. Invalid list filter expression.",
      http.get(instances + "?filter=name%20%3D").message());
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-uuid", "00000000-0000-0000-0000-000000000000"})
  void aMalformedRequestIdIsRejected(String requestId) {
    Http.Response response = http.post(instances + "?requestId=" + requestId, Bodies.instance("rid", ZONE));
    assertEquals(400, response.status());
    assertEquals("Invalid value for field 'requestId': '" + requestId + "'. The request ID must be a valid UUID with the"
      + " exception that zero UUID is not supported (00000000-0000-0000-0000-000000000000).", response.message());
    assertEquals(404, http.get(instances + "/rid").status());
  }

  @Test
  void aBadInstanceNameInThePathIsInvalid() {
    Http.Response response = http.get(instances + "/Bad_Name");
    assertEquals(400, response.status());
    assertEquals("invalid", response.reason());
  }
}
