package io.gceemu.list;

import io.gceemu.gce.GceError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FilterParserTest {

  private static final JsonObject VM = new JsonObject()
    .put("name", "web-1")
    .put("status", "RUNNING")
    .put("zone", "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a")
    .put("labels", new JsonObject().put("env", "prod"))
    .put("scheduling", new JsonObject().put("automaticRestart", true))
    .put("tags", new JsonObject().put("items", new JsonArray().add("http-server")))
    .put("cpus", 4);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "name = web-1|true", "name = \"web-1\"|true", "name != web-1|false", "name:web|true", "name:*|true", "description:*|false",
    "labels.env = prod|true", "labels.env = dev|false", "labels.owner:*|false", "NOT labels.owner:*|true", "-labels.env = dev|true",
    "scheduling.automaticRestart = true|true", "zone = us-central1-a|true", "tags.items = http-server|true",
    "(status = RUNNING) (labels.env = prod)|true", "(status = RUNNING) (labels.env = dev)|false",
    "status = TERMINATED OR labels.env = prod|true", "status = RUNNING AND labels.env = dev|false",
    "cpus > 2|true", "cpus <= 2|false", "name eq web-.*|true", "name eq web|false", "name ne 'db-.*'|true",
    "(name eq web-.*) (status eq RUN.*)|true"})
  void evaluates(String filter, boolean expected) {
    assertEquals(expected, FilterParser.parse(filter).test(VM), filter);
  }

  @ParameterizedTest
  @ValueSource(strings = {"name =", "(name = a", "name = a)", "= a", "name eq [", "name ~ a", "name = a name eq b", "\"unterminated"})
  void rejectsWhatItCannotParse(String filter) {
    GceError error = assertThrows(GceError.class, () -> FilterParser.parse(filter));
    assertEquals(400, error.status());
    assertEquals("Invalid value for field 'filter': '" + filter + "'. Invalid list filter expression.", error.getMessage());
  }
}
