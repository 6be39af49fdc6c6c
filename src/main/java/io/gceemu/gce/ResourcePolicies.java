package io.gceemu.gce;

import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.List;

/**
 * The resource policies (snapshot schedules, instance schedules) an instance or a disk names, as
 * GCE keeps them: references as given, each policy once by its name. The policies themselves are
 * not emulated, so any name is accepted.
 */
public final class ResourcePolicies {

  private ResourcePolicies() {
  }

  /** addResourcePolicies: those asked for that are not there yet, after those that are. */
  public static JsonArray added(JsonArray current, JsonArray asked) {
    JsonArray policies = current == null ? new JsonArray() : current.copy();
    for (Object policy : asked == null ? new JsonArray() : asked) {
      String added = String.valueOf(policy);
      if (policies.stream().noneMatch(kept -> Links.lastSegment(String.valueOf(kept)).equals(Links.lastSegment(added)))) {
        policies.add(added);
      }
    }
    return policies;
  }

  /** removeResourcePolicies: those there that are not named. */
  public static JsonArray removed(JsonArray current, JsonArray asked) {
    List<String> removed = (asked == null ? new JsonArray() : asked).stream().map(policy -> Links.lastSegment(String.valueOf(policy)))
      .toList();
    return new JsonArray(new ArrayList<>((current == null ? new JsonArray() : current).stream()
      .filter(kept -> !removed.contains(Links.lastSegment(String.valueOf(kept)))).toList()));
  }
}
