package io.gceemu.schema;

import io.gceemu.gce.GceError;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;

import java.util.List;

/**
 * Turns the first schema violation in a body into GCE's wording: {@code Required field
 * 'resource.name' not specified}, {@code Invalid value at 'resource.name' (TYPE_STRING), 123} for a
 * wrong JSON type (the front end's proto parser speaks), and {@code Invalid value for field
 * 'resource.name': 'Bad_Name'. Must be a match of regex '...'} for a value GCE itself rejects.
 */
final class SchemaErrors {

  private final JsonObject schema;
  private final JsonObject common;
  private final String prefix;

  /**
   * @param schema the method's schema, walked to find the rule a value broke
   * @param common the shared definitions its {@code $ref}s point into
   */
  SchemaErrors(JsonObject schema, JsonObject common, String prefix) {
    this.schema = schema;
    this.common = common;
    this.prefix = prefix;
  }

  GceError toGceError(OutputUnit result, Object body) {
    Violation violation = Violation.first(result);
    String field = fieldName(violation.path());
    Object value = valueAt(body, violation.path());
    return switch (violation.keyword()) {
      case "required" -> GceError.required(join(field, between(violation.error(), '"')));
      case "type" -> new GceError(400, "invalid", "Invalid value at '" + field + "' (" + protoType(violation.error()) + "), " + Json.encode(value));
      case "pattern" -> GceError.invalidValue(field, value,
        "Must be a match of regex '" + stripAnchors(ruleAt(violation.path()).getString("pattern", "")) + "'");
      case "enum" -> GceError.invalidValue(field, value,
        "Must be one of " + ruleAt(violation.path()).getJsonArray("enum", new JsonArray()).encode() + ".");
      case "minLength" -> GceError.invalidValue(field, value, "Must not be empty.");
      default -> GceError.invalidValue(field, value, violation.error());
    };
  }

  /** {@code ["disks", "0", "boot"]} becomes {@code resource.disks[0].boot}. */
  private String fieldName(List<String> pointer) {
    StringBuilder name = new StringBuilder(prefix);
    for (String part : pointer) {
      if (part.chars().allMatch(Character::isDigit) && !part.isEmpty()) {
        name.append('[').append(part).append(']');
      } else {
        name.append(name.length() == 0 ? "" : ".").append(part);
      }
    }
    return name.toString();
  }

  private static String join(String parent, String child) {
    return parent.isEmpty() ? child : parent + "." + child;
  }

  /** The schema rule that applies at a place in the body. */
  private JsonObject ruleAt(List<String> pointer) {
    JsonObject rule = deref(schema);
    for (String part : pointer) {
      JsonObject properties = rule.getJsonObject("properties");
      if (properties != null && properties.getJsonObject(part) != null) {
        rule = properties.getJsonObject(part);
      } else if (rule.getValue("items") instanceof JsonObject items) {
        rule = items;
      } else if (rule.getValue("additionalProperties") instanceof JsonObject additional) {
        rule = additional;
      } else {
        return new JsonObject();
      }
      rule = deref(rule);
    }
    return rule;
  }

  /** Follows a {@code $ref} into the common definitions ({@code common.json#/$defs/x}). */
  private JsonObject deref(JsonObject rule) {
    String ref = rule.getString("$ref");
    if (ref == null || !ref.contains("#/$defs/")) {
      return rule;
    }
    JsonObject target = common.getJsonObject("$defs").getJsonObject(ref.substring(ref.indexOf("#/$defs/") + 8));
    return target == null ? rule : target;
  }

  private static Object valueAt(Object body, List<String> pointer) {
    Object current = body;
    for (String part : pointer) {
      if (current instanceof JsonObject object) {
        current = object.getValue(part);
      } else if (current instanceof JsonArray array && part.chars().allMatch(Character::isDigit)) {
        int index = Integer.parseInt(part);
        current = index < array.size() ? array.getValue(index) : null;
      } else {
        return null;
      }
    }
    return current;
  }

  /** "Instance type number is invalid. Expected string" names the type GCE's parser wanted. */
  private static String protoType(String message) {
    String expected = message.contains("Expected ") ? message.substring(message.indexOf("Expected ") + 9) : "";
    if (expected.contains("string")) {
      return "TYPE_STRING";
    }
    if (expected.contains("boolean")) {
      return "TYPE_BOOL";
    }
    if (expected.contains("integer") || expected.contains("number")) {
      return "TYPE_INT64";
    }
    return "TYPE_MESSAGE";
  }

  private static String between(String text, char quote) {
    int start = text.indexOf(quote);
    int end = text.indexOf(quote, start + 1);
    return start >= 0 && end > start ? text.substring(start + 1, end) : text;
  }

  static String stripAnchors(String pattern) {
    String result = pattern.startsWith("^") ? pattern.substring(1) : pattern;
    return result.endsWith("$") ? result.substring(0, result.length() - 1) : result;
  }
}
