package io.gceemu.schema;

import io.gceemu.gce.GceError;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A schema with alternatives, as later collections will have (a source given by name or as an
 * object), checked with the validator and options of {@link Schemas}: a broken alternative is
 * reported by the field it broke, in the branch that got furthest, never as "does not match any
 * subschemas" at the root.
 */
class SchemaErrorsTest {

  private static final String BASE = "https://gce-emulator.local/schemas/";
  private static final JsonObject SCHEMA = new JsonObject("""
    {"$id": "https://gce-emulator.local/schemas/test.json", "type": "object", "additionalProperties": false,
     "properties": {
       "source": {"oneOf": [
         {"type": "string", "pattern": "^projects/"},
         {"type": "object", "required": ["image"], "additionalProperties": false,
          "properties": {"image": {"type": "string", "minLength": 1}, "sizeGb": {"type": "integer", "maximum": 10}}}]},
       "count": {"type": "integer", "minimum": 1}},
     "anyOf": [{"required": ["source"]}, {"required": ["count"]}]}
    """);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{'source': {'image': 'x', 'sizeGb': 11}}|invalid|Invalid value for field 'resource.source.sizeGb': '11'. Must be less than or equal to 10",
    "{'source': 'images/x'}|invalid|Invalid value for field 'resource.source': 'images/x'. Must be a match of regex 'projects/'",
    "{'source': {}}|required|Required field 'resource.source.image' not specified",
    "{'source': {'image': ''}}|invalid|Invalid value for field 'resource.source.image': ''. Must not be empty.",
    "{'source': 5}|invalid|Invalid value at 'resource.source' (TYPE_STRING), 5",
    "{'source': {'image': 'x', 'size': 1}}|invalid|Invalid JSON payload received. Unknown name \"size\" at 'resource.source': Cannot find field.",
    "{}|required|Required field 'resource.source' or 'resource.count' not specified",
    "{'count': 0}|invalid|Invalid value for field 'resource.count': '0'. Must be greater than or equal to 1",
    "{'colour': 1, 'count': 1}|invalid|Invalid JSON payload received. Unknown name \"colour\" at 'resource': Cannot find field.",
    "{'colour': 1}|invalid|Invalid JSON payload received. Unknown name \"colour\" at 'resource': Cannot find field.",
    "{'': {}}|invalid|Invalid JSON payload received. Unknown name \"\" at 'resource': Cannot find field."})
  void namesTheFieldAtFault(String body, String reason, String message) {
    JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(BASE).setOutputFormat(OutputFormat.Basic);
    SchemaRepository repository = SchemaRepository.create(options);
    repository.dereference(BASE + "test.json", JsonSchema.of(SCHEMA));
    JsonObject document = new JsonObject(body.replace('\'', '"'));
    OutputUnit result = repository.validator(BASE + "test.json").validate(document);
    assertFalse(result.getValid(), body);

    GceError error = new SchemaErrors(SCHEMA, new CommonDefinitions(new JsonObject()), "resource").toGceError(result, document);
    assertEquals(400, error.status());
    assertEquals(reason, error.reason(), body);
    assertEquals(message, error.getMessage(), body);
  }
}
