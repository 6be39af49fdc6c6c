package io.gceemu.schema;

import io.gceemu.gce.ProtoJson;
import io.vertx.core.json.JsonObject;

/**
 * A request body's fields as its schema knows them, so that {@link ProtoJson} can tell an enum's
 * {@code ""} (Terraform sends {@code scheduling.provisioningModel: ""}, which GCE takes as unset)
 * from a string's. Unset values are dropped before the body is validated, so nothing stores them.
 */
final class UnsetValues {

  private final JsonObject schema;
  private final CommonDefinitions definitions;

  UnsetValues(JsonObject schema, CommonDefinitions definitions) {
    this.schema = schema;
    this.definitions = definitions;
  }

  JsonObject strip(JsonObject body) {
    return ProtoJson.withoutUnset(body, new SchemaField(schema));
  }

  private final class SchemaField implements ProtoJson.Field {

    private final JsonObject rule;

    SchemaField(JsonObject rule) {
      this.rule = definitions.deref(rule);
    }

    @Override
    public ProtoJson.Field child(String name) {
      JsonObject properties = rule.getJsonObject("properties");
      if (properties != null && properties.getJsonObject(name) != null) {
        return new SchemaField(properties.getJsonObject(name));
      }
      return rule.getValue("additionalProperties") instanceof JsonObject additional ? new SchemaField(additional) : ANY;
    }

    @Override
    public ProtoJson.Field element() {
      return rule.getValue("items") instanceof JsonObject items ? new SchemaField(items) : ANY;
    }

    @Override
    public boolean isEnum() {
      return rule.containsKey("enum");
    }
  }
}
