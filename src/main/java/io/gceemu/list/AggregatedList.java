package io.gceemu.list;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The envelope of an {@code aggregated/...} list: {@code items} keyed by scope
 * ({@code zones/us-central1-a}), each holding the page's resources under {@code field}, or, for a
 * scope with none on this page, GCE's {@code NO_RESULTS_ON_PAGE} warning.
 */
public final class AggregatedList {

  private AggregatedList() {
  }

  /** @param byScope every scope in order, with all its matching resources */
  public static JsonObject build(JsonObject envelope, String field, Map<String, List<JsonObject>> byScope, ListRequest list) {
    List<Map.Entry<String, JsonObject>> flat = new ArrayList<>();
    byScope.forEach((scope, items) -> items.forEach(item -> flat.add(Map.entry(scope, item))));
    int end = (int) Math.min(flat.size(), (long) list.offset() + list.maxResults());
    Map<String, JsonArray> onPage = new LinkedHashMap<>();
    for (int i = list.offset(); i < end; i++) {
      onPage.computeIfAbsent(flat.get(i).getKey(), scope -> new JsonArray()).add(flat.get(i).getValue());
    }
    JsonObject items = new JsonObject();
    for (String scope : byScope.keySet()) {
      JsonArray resources = onPage.get(scope);
      items.put(scope, resources != null ? new JsonObject().put(field, resources) : noResults(scope));
    }
    envelope.put("items", items);
    if (end < flat.size()) {
      envelope.put("nextPageToken", ListRequest.encodeToken(end));
    }
    return envelope;
  }

  private static JsonObject noResults(String scope) {
    return new JsonObject().put("warning", new JsonObject()
      .put("code", "NO_RESULTS_ON_PAGE")
      .put("data", new JsonArray().add(new JsonObject().put("key", "scope").put("value", scope)))
      .put("message", "There are no results for scope '" + scope + "' on this page."));
  }
}
