package io.gceemu.schema;

import io.vertx.json.schema.OutputUnit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one schema violation a GCE error reports. The validator lists every unit that failed,
 * summaries among them ("a property does not match", "no alternative matches"); GCE names one
 * cause, the field at fault. A failure that stands whichever alternative is taken comes before
 * those inside alternatives ({@code anyOf}, {@code oneOf}), and of those a wrong JSON type or an
 * unknown name first, as the front end's parser stops at them. When only alternatives failed,
 * the one that got furthest into the body is the one the caller meant; when they all stop at the
 * same place for want of a field, the violation names every field that would do.
 *
 * @param keyword the rule broken ({@code type}, {@code pattern}, {@code required}, ...)
 * @param path    where in the document, as JSON pointer segments
 * @param rule    where in the schema the rule broken sits, as segments of its keyword location
 *                ({@code properties, probability}), through {@code $ref}s and alternatives
 * @param error   the validator's own message, which names what a rule expected
 * @param missing for {@code required}: the field not specified, or each of the alternatives
 */
record Violation(String keyword, List<String> path, List<String> rule, String error, List<String> missing) {

  /** Units that only say that something below them failed. */
  private static final Set<String> SUMMARIES = Set.of("properties", "items", "$ref", "allOf", "anyOf", "oneOf");
  private static final Set<String> ALTERNATIVES = Set.of("anyOf", "oneOf");
  private static final Set<String> PARSE_LEVEL = Set.of("type", "additionalProperties");

  static Violation first(OutputUnit result) {
    List<OutputUnit> units = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result) : result.getErrors();
    List<OutputUnit> causes = units.stream().filter(unit -> !SUMMARIES.contains(keyword(unit)) && !echoes(unit, units)).toList();
    return causes.isEmpty() ? of(units.get(0)) : pick(causes, 0);
  }

  /** The cause to report among {@code causes}, whose keyword locations agree up to segment {@code from}. */
  private static Violation pick(List<OutputUnit> causes, int from) {
    List<OutputUnit> definite = causes.stream().filter(unit -> alternativeAt(unit, from) < 0).toList();
    if (!definite.isEmpty()) {
      return of(definite.stream().filter(unit -> PARSE_LEVEL.contains(keyword(unit))).findFirst().orElse(definite.get(0)));
    }
    List<List<OutputUnit>> branches = branchesOfFirstAlternative(causes, from);
    Comparator<List<OutputUnit>> furthestFirst = Comparator.<List<OutputUnit>>comparingInt(Violation::reach).reversed()
      .thenComparingInt(List::size);
    List<OutputUnit> furthest = branches.stream().min(furthestFirst).orElseThrow();
    List<List<OutputUnit>> best = branches.stream().filter(branch -> furthestFirst.compare(branch, furthest) == 0).toList();
    if (best.size() > 1 && best.stream().allMatch(branch -> lacksField(branch, best.get(0).get(0)))) {
      Violation lacking = of(best.get(0).get(0));
      return new Violation("required", lacking.path(), lacking.rule(), lacking.error(),
        best.stream().map(branch -> of(branch.get(0)).missing().get(0)).toList());
    }
    int combinator = alternativeAt(best.get(0).get(0), from);
    return pick(best.get(0), combinator + 2);
  }

  /** The causes inside the first {@code anyOf}/{@code oneOf} met, one list per branch, in order. */
  private static List<List<OutputUnit>> branchesOfFirstAlternative(List<OutputUnit> causes, int from) {
    int combinator = alternativeAt(causes.get(0), from);
    List<String> prefix = segments(causes.get(0)).subList(0, combinator + 1);
    Map<String, List<OutputUnit>> branches = new LinkedHashMap<>();
    for (OutputUnit unit : causes) {
      List<String> segments = segments(unit);
      if (alternativeAt(unit, from) == combinator && segments.subList(0, combinator + 1).equals(prefix)) {
        branches.computeIfAbsent(segments.get(combinator + 1), key -> new ArrayList<>()).add(unit);
      }
    }
    return List.copyOf(branches.values());
  }

  /**
   * How far into the body a branch matched: as deep as its deepest failure, and a little further
   * where the value there had the right JSON type and only broke a rule on it.
   */
  private static int reach(List<OutputUnit> branch) {
    return branch.stream().mapToInt(unit -> 2 * pointer(unit.getInstanceLocation()).size() + (keyword(unit).equals("type") ? 0 : 1))
      .max().orElse(0);
  }

  private static boolean lacksField(List<OutputUnit> branch, OutputUnit like) {
    OutputUnit only = branch.get(0);
    return branch.size() == 1 && keyword(only).equals("required")
      && String.valueOf(only.getInstanceLocation()).equals(String.valueOf(like.getInstanceLocation()));
  }

  /**
   * The validator also fails {@code additionalProperties} for a declared property whose own rules
   * failed, and for each value of a map whose schema failed; only one with no cause at or below it
   * is an unknown name.
   */
  private static boolean echoes(OutputUnit unit, List<OutputUnit> units) {
    if (!keyword(unit).equals("additionalProperties")) {
      return false;
    }
    String at = String.valueOf(unit.getInstanceLocation());
    return units.stream().anyMatch(other -> other != unit && !SUMMARIES.contains(keyword(other))
      && (String.valueOf(other.getInstanceLocation()).equals(at) || String.valueOf(other.getInstanceLocation()).startsWith(at + "/")));
  }

  /** The index of the first {@code anyOf}/{@code oneOf} segment from {@code from} on that a branch index follows, or -1. */
  private static int alternativeAt(OutputUnit unit, int from) {
    List<String> segments = segments(unit);
    for (int i = from; i < segments.size() - 1; i++) {
      if (ALTERNATIVES.contains(segments.get(i)) && segments.get(i + 1).chars().allMatch(Character::isDigit)) {
        return i;
      }
    }
    return -1;
  }

  private static Violation of(OutputUnit unit) {
    String error = unit.getError() == null ? "" : unit.getError();
    String keyword = keyword(unit);
    List<String> missing = keyword.equals("required") ? List.of(between(error, '"')) : List.of();
    List<String> segments = segments(unit);
    List<String> rule = segments.subList(Math.min(1, segments.size()), Math.max(1, segments.size() - 1)).stream()
      .map(Violation::unescape).toList();
    return new Violation(keyword, pointer(unit.getInstanceLocation()), rule, error, missing);
  }

  private static List<String> segments(OutputUnit unit) {
    return List.of((unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation()).split("/", -1));
  }

  private static String keyword(OutputUnit unit) {
    List<String> segments = segments(unit);
    return segments.get(segments.size() - 1);
  }

  private static List<String> pointer(String location) {
    String path = location == null ? "" : location.replaceFirst("^#", "");
    // "" is the document itself; "/" is its member named "" (RFC 6901).
    if (path.isEmpty()) {
      return List.of();
    }
    return List.of(path.substring(1).split("/", -1)).stream().map(Violation::unescape).toList();
  }

  private static String unescape(String pointerPart) {
    return pointerPart.replace("~1", "/").replace("~0", "~");
  }

  /** {@code Instance does not have required property "name"} names the property between quotes. */
  private static String between(String text, char quote) {
    int start = text.indexOf(quote);
    int end = text.indexOf(quote, start + 1);
    return start >= 0 && end > start ? text.substring(start + 1, end) : text;
  }
}
