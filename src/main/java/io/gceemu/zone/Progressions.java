package io.gceemu.zone;

import io.gceemu.bus.Actions;
import io.gceemu.gce.GceError;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The progression each new operation gets, by GCE method ({@code compute.instances.insert},
 * {@code compute.disks.insert}): from the timing profile ({@code instant}, or {@code realistic}
 * with durations close to real GCE, each phase overridable in milliseconds as
 * {@code "compute.instances.insert.PROVISIONING": 3000}), unless a test chose another through the
 * admin API. The names used before methods named them ({@code insert} for an instance's,
 * {@code disks.insert}) are still understood. One copy per scope's owner, changed only on its
 * event loop.
 */
public final class Progressions {

  /**
   * Phase durations of the realistic profile for instances, about what GCE takes (insert 5–15 s in
   * all); a declared collection's come with its declaration.
   */
  private static final Map<String, Long> REALISTIC = Map.ofEntries(
    Map.entry("compute.instances.insert.PROVISIONING", 4_000L), Map.entry("compute.instances.insert.STAGING", 6_000L),
    Map.entry("compute.instances.start.PROVISIONING", 3_000L), Map.entry("compute.instances.start.STAGING", 5_000L),
    Map.entry("compute.instances.resume.PROVISIONING", 3_000L), Map.entry("compute.instances.resume.STAGING", 4_000L),
    Map.entry("compute.instances.stop.STOPPING", 10_000L), Map.entry("compute.instances.suspend.SUSPENDING", 10_000L),
    Map.entry("compute.instances.delete.STOPPING", 10_000L), Map.entry("compute.instances.reset.RUNNING", 2_000L));
  private static final long REALISTIC_OTHER_MS = 1_000L;
  private static final String EVERY_METHOD = "*";
  private static final String COMPUTE = "compute.";
  /** The methods whose operations a progression applies to: every instance mutation, and the declared collections' timed ones. */
  private static final List<String> METHODS = Stream.concat(
    Actions.MUTATIONS.stream().map(mutation -> COMPUTE + mutation),
    Lifecycle.resourceMethods().stream()).toList();

  private final boolean realistic;
  private final JsonObject overrides;
  private final Map<String, Progression> chosen = new HashMap<>();
  /** Each method's progression under the settings, which never change: worked out once, not for every operation. */
  private final Map<String, Progression> profiles = new HashMap<>();

  public Progressions(String timing, JsonObject overrides) {
    this.realistic = "realistic".equals(timing);
    this.overrides = overrides;
  }

  public Progression forMethod(String method) {
    Progression choice = chosen.getOrDefault(method, chosen.get(EVERY_METHOD));
    return choice != null ? choice : profile(method);
  }

  /**
   * A test's choice for one method, or for every method ({@code method} null), which replaces the
   * choices for one method: {@code {"mode": "immediate"}}, {@code {"mode": "time", "durationMs":
   * 500}} (each phase), {@code {"mode": "manual", "reads": 2}}, or {@code {"mode": "default"}} to go
   * back to the profile (for one method, even under a choice for every method).
   */
  public void choose(String name, JsonObject request) {
    String method = name == null ? null : method(name);
    Progression choice = parse(request);
    if (method == null) {
      chosen.clear();
      if (choice != null) {
        chosen.put(EVERY_METHOD, choice);
      }
    } else if (choice != null) {
      chosen.put(method, choice);
    } else if (chosen.containsKey(EVERY_METHOD)) {
      chosen.put(method, profile(method));
    } else {
      chosen.remove(method);
    }
  }

  /** The method a choice names: its GCE name, or the name used before ({@code stop}, {@code disks.insert}). */
  private static String method(String name) {
    return Stream.of(name, Lifecycle.instanceMethod(name), COMPUTE + name).filter(METHODS::contains).findFirst()
      .orElseThrow(() -> GceError.invalidValue("method", name, "Must be one of " + String.join(", ", METHODS) + "."));
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

  public JsonObject describe() {
    JsonObject json = new JsonObject().put("timing", realistic ? "realistic" : "instant").put("transitionMs", overrides.copy());
    JsonObject choices = new JsonObject();
    chosen.forEach((type, progression) -> choices.put(type, progression.toJson()));
    return json.put("chosen", choices);
  }

  private Progression profile(String method) {
    return profiles.computeIfAbsent(method, this::fromSettings);
  }

  private Progression fromSettings(String method) {
    List<Long> durations = new ArrayList<>();
    boolean timed = false;
    for (Lifecycle.Phase phase : Lifecycle.phasesOf(method)) {
      String key = method + "." + phase.name();
      Long configured = configured(key);
      long ms = configured != null ? configured : realistic ? realisticMs(method, phase.name(), key) : 0L;
      timed |= configured != null || realistic;
      durations.add(ms);
    }
    return timed ? Progression.time(durations) : Progression.IMMEDIATE;
  }

  private static long realisticMs(String method, String phase, String key) {
    Long instances = REALISTIC.get(key);
    return instances != null ? instances : Lifecycle.realisticMs(method, phase).orElse(REALISTIC_OTHER_MS);
  }

  /**
   * A phase's configured duration, by its method's name ({@code compute.instances.insert.STAGING})
   * or by the name used before ({@code insert.STAGING}, {@code disks.insert.CREATING}).
   */
  private Long configured(String key) {
    String unqualified = key.substring(COMPUTE.length());
    String older = unqualified.startsWith("instances.") ? unqualified.substring("instances.".length()) : unqualified;
    return Stream.of(key, unqualified, older).map(overrides::getLong).filter(Objects::nonNull).findFirst().orElse(null);
  }

  private static long nonNegative(JsonObject request, String field) {
    Object value = request.getValue(field, 0);
    if (!(value instanceof Number number) || number.longValue() < 0) {
      throw GceError.invalidValue(field, value, "Must be a number of 0 or more.");
    }
    return number.longValue();
  }
}
