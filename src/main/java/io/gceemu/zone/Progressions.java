package io.gceemu.zone;

import io.gceemu.bus.Actions;
import io.gceemu.gce.GceError;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The progression each new operation gets, by operation type (an instance's) or method (a disk's
 * {@code disks.insert}): from the timing profile
 * ({@code instant}, or {@code realistic} with durations close to real GCE, each phase overridable
 * in milliseconds as {@code "insert.PROVISIONING": 3000}), unless a test chose another through the
 * admin API. One copy per zone verticle, changed only on its event loop.
 */
final class Progressions {

  /** Phase durations of the realistic profile, about what GCE takes (insert 5–15 s in all). */
  private static final Map<String, Long> REALISTIC = Map.ofEntries(
    Map.entry("insert.PROVISIONING", 4_000L), Map.entry("insert.STAGING", 6_000L),
    Map.entry("start.PROVISIONING", 3_000L), Map.entry("start.STAGING", 5_000L),
    Map.entry("resume.PROVISIONING", 3_000L), Map.entry("resume.STAGING", 4_000L),
    Map.entry("stop.STOPPING", 10_000L), Map.entry("suspend.SUSPENDING", 10_000L),
    Map.entry("delete.STOPPING", 10_000L), Map.entry("reset.RUNNING", 2_000L), Map.entry("disks.insert.CREATING", 2_000L));
  private static final long REALISTIC_OTHER_MS = 1_000L;
  private static final String EVERY_TYPE = "*";
  /** An instance's operation types by their bare verbs, as before; a declared collection's by method ({@code disks.insert}). */
  private static final List<String> OPERATION_TYPES = Stream.concat(Actions.MUTATIONS.stream().map(Actions::operationType),
    Lifecycle.resourceMethods().stream()).toList();

  private final boolean realistic;
  private final JsonObject overrides;
  private final Map<String, Progression> chosen = new HashMap<>();

  Progressions(String timing, JsonObject overrides) {
    this.realistic = "realistic".equals(timing);
    this.overrides = overrides;
  }

  Progression forType(String operationType) {
    Progression choice = chosen.getOrDefault(operationType, chosen.get(EVERY_TYPE));
    return choice != null ? choice : profile(operationType);
  }

  /**
   * A test's choice for one operation type, or for every type ({@code operationType} null), which
   * replaces the choices for one type: {@code {"mode": "immediate"}}, {@code {"mode": "time",
   * "durationMs": 500}} (each phase), {@code {"mode": "manual", "reads": 2}}, or {@code {"mode":
   * "default"}} to go back to the profile (for one type, even under a choice for every type).
   */
  void choose(String operationType, JsonObject request) {
    if (operationType != null && !OPERATION_TYPES.contains(operationType)) {
      throw GceError.invalidValue("operationType", operationType, "Must be one of " + String.join(", ", OPERATION_TYPES) + ".");
    }
    Progression choice = parse(request);
    if (operationType == null) {
      chosen.clear();
      if (choice != null) {
        chosen.put(EVERY_TYPE, choice);
      }
    } else if (choice != null) {
      chosen.put(operationType, choice);
    } else if (chosen.containsKey(EVERY_TYPE)) {
      chosen.put(operationType, profile(operationType));
    } else {
      chosen.remove(operationType);
    }
  }

  /** The progression a choice names; null for {@code default}. */
  private static Progression parse(JsonObject request) {
    String mode = request.getString("mode", "");
    return switch (mode) {
      case "default" -> null;
      case "immediate" -> Progression.IMMEDIATE;
      case "time" -> Progression.time(List.of(nonNegative(request, "durationMs")));
      case "manual" -> Progression.manual((int) nonNegative(request, "reads"));
      default -> throw GceError.invalidValue("mode", mode, "Must be one of immediate, time, manual, default.");
    };
  }

  JsonObject describe() {
    JsonObject json = new JsonObject().put("timing", realistic ? "realistic" : "instant").put("transitionMs", overrides.copy());
    JsonObject choices = new JsonObject();
    chosen.forEach((type, progression) -> choices.put(type, progression.toJson()));
    return json.put("chosen", choices);
  }

  private Progression profile(String operationType) {
    List<Long> durations = new ArrayList<>();
    boolean timed = false;
    List<Lifecycle.Phase> phases = operationType.contains(".") ? Lifecycle.resourcePhases(operationType) : Lifecycle.phases(operationType);
    for (Lifecycle.Phase phase : phases) {
      String key = operationType + "." + phase.name();
      Long configured = overrides.getLong(key);
      long ms = configured != null ? configured : realistic ? REALISTIC.getOrDefault(key, REALISTIC_OTHER_MS) : 0L;
      timed |= configured != null || realistic;
      durations.add(ms);
    }
    return timed ? Progression.time(durations) : Progression.IMMEDIATE;
  }

  private static long nonNegative(JsonObject request, String field) {
    Object value = request.getValue(field, 0);
    if (!(value instanceof Number number) || number.longValue() < 0) {
      throw GceError.invalidValue(field, value, "Must be a number of 0 or more.");
    }
    return number.longValue();
  }
}
