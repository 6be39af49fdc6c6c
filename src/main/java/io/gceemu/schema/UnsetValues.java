package io.gceemu.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * What a request body says is not set, read as GCE's front end reads proto3 JSON: a null, a null
 * element of a list, an empty list, and {@code ""} for an enum. Terraform's google provider sends
 * {@code scheduling.provisioningModel: ""}, {@code instanceTerminationAction: ""} and
 * {@code nodeAffinities: [null]}, which real GCE accepts as unset and never returns; they are
 * dropped before the body is validated, so nothing stores or echoes them. An empty string that is
 * not an enum stays: GCE keeps a {@code description: ""} it was sent.
 */
final class UnsetValues {

  private static final Object UNSET = new Object();

  private final JsonObject schema;
  private final CommonDefinitions definitions;

  UnsetValues(JsonObject schema, CommonDefinitions definitions) {
    this.schema = schema;
    this.definitions = definitions;
  }

  JsonObject strip(JsonObject body) {
    return (JsonObject) strip(body, schema);
  }

  private Object strip(Object value, JsonObject rule) {
    JsonObject resolved = definitions.deref(rule);
    if (value instanceof JsonObject object) {
      JsonObject kept = new JsonObject();
      for (Map.Entry<String, Object> field : object) {
        Object stripped = strip(field.getValue(), child(resolved, field.getKey()));
        if (stripped != UNSET) {
          kept.put(field.getKey(), stripped);
        }
      }
      return kept;
    }
    if (value instanceof JsonArray array) {
      JsonArray kept = new JsonArray();
      JsonObject items = resolved.getValue("items") instanceof JsonObject itemRule ? itemRule : new JsonObject();
      for (Object element : array) {
        Object stripped = strip(element, items);
        if (stripped != UNSET) {
          kept.add(stripped);
        }
      }
      return kept.isEmpty() ? UNSET : kept;
    }
    if (value == null || "".equals(value) && resolved.containsKey("enum")) {
      return UNSET;
    }
    return value;
  }

  private static JsonObject child(JsonObject rule, String field) {
    JsonObject properties = rule.getJsonObject("properties");
    if (properties != null && properties.getJsonObject(field) != null) {
      return properties.getJsonObject(field);
    }
    return rule.getValue("additionalProperties") instanceof JsonObject additional ? additional : new JsonObject();
  }
}
