package io.gceemu.schema;

import io.gceemu.gce.GceError;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

import java.util.Map;

/**
 * Query parameters arrive as text; each is typed by its schema (integer, boolean) and then
 * validated. A value that is not of the type is reported as GCE's front end does, in proto terms
 * ({@code Invalid value at 'max_results' (TYPE_UINT32), "abc"}); a value out of range as GCE does.
 * Unknown parameters ({@code alt}, {@code prettyPrint}, {@code key}, ...) are ignored, as on GCE.
 */
final class ParamValidator {

  /**
   * The spellings of a boolean GCE's front end takes: the lower-case ones of JSON, and the
   * capitalised ones gcloud sends, being Python ({@code returnPartialSuccess=True}).
   */
  private static final Map<String, Boolean> BOOLEANS = Map.of("true", true, "True", true, "false", false, "False", false);

  private final Validator validator;
  private final JsonObject properties;

  ParamValidator(Validator validator, JsonObject schema) {
    this.validator = validator;
    this.properties = schema.getJsonObject("properties");
  }

  JsonObject validate(Map<String, String> query) {
    JsonObject typed = new JsonObject();
    for (Map.Entry<String, String> param : query.entrySet()) {
      JsonObject rule = properties.getJsonObject(param.getKey());
      if (rule != null) {
        typed.put(param.getKey(), typed(rule, param.getValue()));
      }
    }
    if (typed.isEmpty()) {
      return typed;
    }
    OutputUnit result = validator.validate(typed);
    if (!Boolean.TRUE.equals(result.getValid())) {
      Violation violation = Violation.first(result);
      String name = violation.path().isEmpty() ? "" : violation.path().get(0);
      throw error(name, properties.getJsonObject(name, new JsonObject()), query.get(name), violation.keyword());
    }
    return typed;
  }

  private static Object typed(JsonObject rule, String value) {
    String type = rule.getString("type", "string");
    if (type.equals("integer") && value.matches("-?[0-9]{1,18}")) {
      return Long.parseLong(value);
    }
    if (type.equals("boolean") && BOOLEANS.containsKey(value)) {
      return BOOLEANS.get(value);
    }
    return value;
  }

  private static GceError error(String name, JsonObject rule, String raw, String keyword) {
    String protoName = rule.getString("x-gce-name", name);
    String protoType = rule.getString("x-gce-type", "TYPE_STRING");
    return switch (keyword) {
      case "maximum" -> GceError.invalidValue(name, raw, "Must be less than or equal to " + rule.getValue("maximum"));
      case "minimum" -> protoType.startsWith("TYPE_UINT")
        ? new GceError(400, "invalid", "Invalid value at '" + protoName + "' (" + protoType + "), \"" + raw + "\"")
        : GceError.invalidValue(name, raw, "Must be greater than or equal to " + rule.getValue("minimum"));
      case "pattern" -> GceError.invalidValue(name, raw, rule.getString("x-gce-message",
        "Must be a match of regex '" + SchemaErrors.stripAnchors(rule.getString("pattern", "")) + "'"));
      default -> new GceError(400, "invalid", "Invalid value at '" + protoName + "' (" + protoType + "), \"" + raw + "\"");
    };
  }
}
