package io.gceemu.schema;

import io.gceemu.gce.GceError;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;

import java.util.List;

/**
 * Turns the schema violation {@link Violation} picks in a body into GCE's wording: {@code Required
 * field 'resource.name' not specified}, {@code Invalid value at 'resource.name' (TYPE_STRING), 123}
 * for a wrong JSON type and {@code Invalid JSON payload received. Unknown name "x": Cannot find
 * field.} for an undeclared one (the front end's proto parser speaks), and {@code Invalid value for
 * field 'resource.name': 'Bad_Name'. Must be a match of regex '...'} for a value GCE itself rejects.
 */
final class SchemaErrors {

  private final JsonObject schema;
  private final CommonDefinitions definitions;
  private final String prefix;

  /**
   * @param schema the method's schema, walked to find the rule a value broke
   * @param definitions the shared definitions its {@code $ref}s point into
   */
  SchemaErrors(JsonObject schema, CommonDefinitions definitions, String prefix) {
    this.schema = schema;
    this.definitions = definitions;
    this.prefix = prefix;
  }

  GceError toGceError(OutputUnit result, Object body) {
    Violation violation = Violation.first(result);
    String field = fieldName(violation.path());
    Object value = valueAt(body, violation.path());
    return switch (violation.keyword()) {
      case "required" -> GceError.required(violation.missing().stream().map(name -> join(field, name)).toList());
      case "type" -> new GceError(400, "invalid", "Invalid value at '" + field + "' (" + protoType(violation.error()) + "), " + Json.encode(value));
      case "additionalProperties" -> unknownName(violation.path());
      case "pattern" -> GceError.invalidValue(field, value,
        "Must be a match of regex '" + stripAnchors(ruleAt(violation).getString("pattern", "")) + "'");
      case "enum" -> GceError.invalidValue(field, value,
        "Must be one of " + ruleAt(violation).getJsonArray("enum", new JsonArray()).encode() + ".");
      case "minLength" -> GceError.invalidValue(field, value, "Must not be empty.");
      case "maximum" -> GceError.invalidValue(field, value, bound(violation, "Must be less than or equal to "));
      case "minimum" -> GceError.invalidValue(field, value, bound(violation, "Must be greater than or equal to "));
      default -> GceError.invalidValue(field, value, violation.error());
    };
  }

  /** A field the schema does not declare, as Google's JSON parser refuses it. */
  private GceError unknownName(List<String> path) {
    String parent = fieldName(path.subList(0, path.size() - 1));
    return new GceError(400, "invalid", "Invalid JSON payload received. Unknown name \"" + path.get(path.size() - 1) + "\""
      + (parent.isEmpty() ? "" : " at '" + parent + "'") + ": Cannot find field.");
  }

  /** The wording the query parameters use for a number out of range; the bound is the rule's. */
  private String bound(Violation violation, String wording) {
    Object limit = ruleAt(violation).getValue(violation.keyword());
    return limit == null ? violation.error() : wording + limit;
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

  /** The schema rule a violation broke, found by its place in the schema (so inside alternatives too). */
  private JsonObject ruleAt(Violation violation) {
    Object rule = schema;
    for (String part : violation.rule()) {
      if (part.equals("$ref") && rule instanceof JsonObject object) {
        rule = definitions.deref(object);
      } else if (rule instanceof JsonObject object) {
        rule = object.getValue(part);
      } else if (rule instanceof JsonArray array && part.chars().allMatch(Character::isDigit) && Integer.parseInt(part) < array.size()) {
        rule = array.getValue(Integer.parseInt(part));
      } else {
        return new JsonObject();
      }
    }
    return rule instanceof JsonObject object ? object : new JsonObject();
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

  static String stripAnchors(String pattern) {
    String result = pattern.startsWith("^") ? pattern.substring(1) : pattern;
    return result.endsWith("$") ? result.substring(0, result.length() - 1) : result;
  }
}
