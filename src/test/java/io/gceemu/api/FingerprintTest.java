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

import java.util.function.BiFunction;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** setLabels, setMetadata and setTags with GCE's optimistic locking and its exact 412 texts. */
class FingerprintTest {

  private static final String ZONE = "us-east1-b";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static Http http;
  private String vm;

  @BeforeAll
  static void start() {
    http = EMULATOR.http();
  }

  @BeforeEach
  void createInstance() {
    String project = Http.newProject();
    http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instanceWithEverything("fp", ZONE));
    vm = Http.zonePath(project, ZONE) + "/instances/fp";
  }

  @Test
  void setLabelsReplacesTheMapAndChangesTheFingerprint() {
    JsonObject before = http.get(vm).json();
    JsonObject request = new JsonObject().put("labels", new JsonObject().put("env", "prod"))
      .put("labelFingerprint", before.getString("labelFingerprint"));
    assertEquals("compute.instance.setLabels", http.post(vm + "/setLabels", request).json().getString("operationType"));
    JsonObject after = http.get(vm).json();
    assertEquals(new JsonObject().put("env", "prod"), after.getJsonObject("labels"));
    assertNotEquals(before.getString("labelFingerprint"), after.getString("labelFingerprint"));
    assertNotEquals(before.getString("fingerprint"), after.getString("fingerprint"));

    Http.Response stale = http.post(vm + "/setLabels", request);
    assertEquals(412, stale.status());
    assertEquals("conditionNotMet", stale.reason());
    assertEquals("Labels fingerprint either invalid or resource labels have changed", stale.message());
    Http.Response missing = http.post(vm + "/setLabels", new JsonObject().put("labels", new JsonObject()));
    assertEquals(412, missing.status());

    JsonObject clear = new JsonObject().put("labelFingerprint", after.getString("labelFingerprint"));
    assertEquals(200, http.post(vm + "/setLabels", clear).status());
    JsonObject cleared = http.get(vm).json();
    assertFalse(cleared.containsKey("labels"));
    assertEquals("42WmSpB8rSM=", cleared.getString("labelFingerprint"));
  }

  @Test
  void setLabelsChecksLabelRulesUnderTheLabelsField() {
    JsonObject request = new JsonObject().put("labels", new JsonObject().put("Bad", "x"))
      .put("labelFingerprint", http.get(vm).json().getString("labelFingerprint"));
    Http.Response response = http.post(vm + "/setLabels", request);
    assertEquals(400, response.status());
    assertEquals("invalid", response.reason());
    assertEquals(true, response.message().startsWith("Invalid value for field 'labels': ''. Label key 'Bad'"), response.message());
  }

  @Test
  void setMetadataReplacesAllItems() {
    JsonObject metadata = http.get(vm).json().getJsonObject("metadata");
    JsonObject request = new JsonObject().put("fingerprint", metadata.getString("fingerprint"))
      .put("items", new JsonArray().add(new JsonObject().put("key", "only").put("value", "one")));
    assertEquals(200, http.post(vm + "/setMetadata", request).status());
    JsonObject after = http.get(vm).json().getJsonObject("metadata");
    assertEquals(request.getJsonArray("items"), after.getJsonArray("items"));

    Http.Response stale = http.post(vm + "/setMetadata", request);
    assertEquals(412, stale.status());
    assertEquals("conditionNotMet", stale.reason());
    assertEquals("Supplied fingerprint does not match current metadata fingerprint.", stale.message());
  }

  @Test
  void setTagsReplacesTheList() {
    JsonObject tags = http.get(vm).json().getJsonObject("tags");
    JsonObject request = new JsonObject().put("fingerprint", tags.getString("fingerprint")).put("items", new JsonArray().add("db"));
    assertEquals(200, http.post(vm + "/setTags", request).status());
    assertEquals(new JsonArray().add("db"), http.get(vm).json().getJsonObject("tags").getJsonArray("items"));

    Http.Response stale = http.post(vm + "/setTags", request);
    assertEquals(412, stale.status());
    assertEquals("Invalid fingerprint.", stale.message());
  }

  /**
   * gcloud quotes fingerprints in base64's URL-safe alphabet ({@code bnd4B-aFkWs=}); GCE compares
   * their bytes, so every fingerprinted setter takes them. Each setter is run until the current
   * fingerprint holds a {@code +} or {@code /}, then quoted URL-safe.
   */
  @Test
  void fingerprintsAreComparedByTheirBytesInEitherAlphabet() {
    String labels = awkward(() -> http.get(vm).json().getString("labelFingerprint"), (i, fp) -> http.post(vm + "/setLabels",
      new JsonObject().put("labelFingerprint", fp).put("labels", new JsonObject().put("n", "v" + i))));
    assertEquals(200, http.post(vm + "/setLabels", new JsonObject().put("labelFingerprint", urlSafe(labels))
      .put("labels", new JsonObject().put("n", "url-safe"))).status());
    assertEquals("url-safe", http.get(vm).json().getJsonObject("labels").getString("n"));

    String metadata = awkward(() -> http.get(vm).json().getJsonObject("metadata").getString("fingerprint"),
      (i, fp) -> http.post(vm + "/setMetadata", new JsonObject().put("fingerprint", fp).put("items", items("v" + i))));
    assertEquals(200, http.post(vm + "/setMetadata", new JsonObject().put("fingerprint", urlSafe(metadata).replace("=", ""))
      .put("items", items("url-safe"))).status(), "URL-safe and unpadded");
    assertEquals(items("url-safe"), http.get(vm).json().getJsonObject("metadata").getJsonArray("items"));

    String tags = awkward(() -> http.get(vm).json().getJsonObject("tags").getString("fingerprint"),
      (i, fp) -> http.post(vm + "/setTags", new JsonObject().put("fingerprint", fp).put("items", new JsonArray().add("t" + i))));
    assertEquals(200, http.post(vm + "/setTags", new JsonObject().put("fingerprint", urlSafe(tags))
      .put("items", new JsonArray().add("url-safe"))).status());

    String instance = awkward(() -> http.get(vm).json().getString("fingerprint"), (i, fp) -> http.method("PUT", vm,
      http.get(vm).json().put("description", "d" + i).encode()));
    JsonObject update = http.get(vm).json().put("description", "url-safe").put("fingerprint", urlSafe(instance));
    assertEquals(200, http.method("PUT", vm, update.encode()).status());
    assertEquals("url-safe", http.get(vm).json().getString("description"));

    Http.Response stale = http.post(vm + "/setLabels", new JsonObject().put("labelFingerprint", urlSafe(labels)));
    assertEquals(412, stale.status(), "the old fingerprint, in whichever alphabet, is stale");
    assertEquals(412, http.post(vm + "/setLabels", new JsonObject().put("labelFingerprint", "not base64!")).status());
  }

  /** Changes the resource until its fingerprint has a character the two alphabets spell apart. */
  private static String awkward(Supplier<String> fingerprint, BiFunction<Integer, String, Http.Response> change) {
    for (int i = 0; i < 200; i++) {
      String current = fingerprint.get();
      if (current.contains("+") || current.contains("/")) {
        return current;
      }
      assertEquals(200, change.apply(i, current).status());
    }
    throw new AssertionError("no fingerprint with + or / in 200 changes");
  }

  private static String urlSafe(String fingerprint) {
    return fingerprint.replace('+', '-').replace('/', '_');
  }

  private static JsonArray items(String value) {
    return new JsonArray().add(new JsonObject().put("key", "k").put("value", value));
  }
}
