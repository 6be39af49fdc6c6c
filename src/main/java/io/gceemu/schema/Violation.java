package io.gceemu.schema;

import io.vertx.json.schema.OutputUnit;

import java.util.List;

/**
 * The one schema violation a GCE error reports: of all the units the validator returns, the most
 * specific (a wrong type first, then any rule that is not merely "a sub-schema failed").
 *
 * @param keyword the rule broken ({@code type}, {@code pattern}, {@code required}, ...)
 * @param path    where in the document, as JSON pointer segments
 * @param error   the validator's own message, which names what a rule expected
 */
record Violation(String keyword, List<String> path, String error) {

  private static final List<String> STRUCTURAL = List.of("properties", "items", "additionalProperties", "$ref", "allOf");

  static Violation first(OutputUnit result) {
    List<OutputUnit> units = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result) : result.getErrors();
    OutputUnit chosen = units.stream().filter(unit -> keyword(unit).equals("type")).findFirst()
      .orElse(units.stream().filter(unit -> !STRUCTURAL.contains(keyword(unit))).findFirst().orElse(units.get(0)));
    return new Violation(keyword(chosen), pointer(chosen.getInstanceLocation()), chosen.getError() == null ? "" : chosen.getError());
  }

  private static String keyword(OutputUnit unit) {
    String location = unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static List<String> pointer(String location) {
    String path = location == null ? "" : location.replaceFirst("^#", "");
    if (path.isEmpty() || path.equals("/")) {
      return List.of();
    }
    return List.of(path.substring(1).split("/", -1)).stream()
      .map(part -> part.replace("~1", "/").replace("~0", "~")).toList();
  }
}
