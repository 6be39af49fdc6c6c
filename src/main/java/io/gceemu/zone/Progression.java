package io.gceemu.zone;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * How an operation moves from one phase to the next: all at once ({@code immediate}, the reply is
 * DONE), after a time per phase ({@code time}), or under a test's control ({@code manual}: after
 * every {@code reads} reads of the operation, or on an explicit advance). Kept on the operation,
 * so an operation finishes the way it started even across a restart.
 *
 * @param phaseMs for {@code time}: how long each phase lasts, in order; the last value repeats
 * @param reads   for {@code manual}: reads of the operation between two advances (0: only on advance)
 */
public record Progression(Mode mode, List<Long> phaseMs, int reads) {

  public enum Mode { IMMEDIATE, TIME, MANUAL }

  public static final Progression IMMEDIATE = new Progression(Mode.IMMEDIATE, List.of(), 0);

  public static Progression time(List<Long> phaseMs) {
    return new Progression(Mode.TIME, List.copyOf(phaseMs), 0);
  }

  public static Progression manual(int reads) {
    return new Progression(Mode.MANUAL, List.of(), reads);
  }

  /** How long phase {@code index} lasts in {@code time} mode. */
  public long durationOf(int index) {
    if (phaseMs.isEmpty()) {
      return 0;
    }
    return phaseMs.get(Math.min(index, phaseMs.size() - 1));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("mode", mode.name().toLowerCase());
    if (mode == Mode.TIME) {
      json.put("phaseMs", new JsonArray(List.copyOf(phaseMs)));
    }
    if (mode == Mode.MANUAL) {
      json.put("reads", reads);
    }
    return json;
  }

  public static Progression fromJson(JsonObject json) {
    if (json == null) {
      return IMMEDIATE;
    }
    Mode mode = Mode.valueOf(json.getString("mode", "immediate").toUpperCase());
    List<Long> phases = json.getJsonArray("phaseMs", new JsonArray()).stream().map(v -> ((Number) v).longValue()).toList();
    return new Progression(mode, phases, json.getInteger("reads", 0));
  }
}
