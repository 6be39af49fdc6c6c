package io.gceemu.list;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.Predicate;

/**
 * A parsed list {@code filter}: a predicate over the GCE JSON of a resource. Built by
 * {@link FilterParser}; see there for the two dialects GCE accepts.
 */
@FunctionalInterface
public interface Filter extends Predicate<JsonObject> {

  Filter ALL = resource -> true;

  /**
   * The value at a dotted path ({@code labels.env}, {@code scheduling.automaticRestart}), as text,
   * or null when absent. Arrays match when any element matches, so they are returned whole.
   */
  static Object valueAt(JsonObject resource, String path) {
    Object current = resource;
    for (String part : path.split("\\.")) {
      if (current instanceof JsonObject object) {
        current = object.getValue(part);
      } else {
        return null;
      }
    }
    return current;
  }

  static boolean anyMatch(Object value, Predicate<String> test) {
    if (value instanceof JsonArray array) {
      return array.stream().anyMatch(item -> item != null && anyMatch(item, test));
    }
    if (value == null || value instanceof JsonObject) {
      return false;
    }
    String text = value.toString();
    // Link-valued fields (zone, machineType, ...) also match on their last segment, as gcloud's
    // filters do, so "zone = us-central1-a" finds instances whose zone is a full URL.
    if (text.startsWith("https://") || text.startsWith("http://")) {
      return test.test(text) || test.test(text.substring(text.lastIndexOf('/') + 1));
    }
    return test.test(text);
  }
}
