package io.gceemu.list;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
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

  /** A scope's matches: how many there are, and at least the first of them that the page shows, in order. */
  public record Matches(int total, List<JsonObject> first) {

    public static Matches all(List<JsonObject> matches) {
      return new Matches(matches.size(), matches);
    }
  }

  /**
   * @param byScope every scope in order, with its matches: all of them, or the first
   *                {@code offset + maxResults} (what a page can show of one scope)
   */
  public static JsonObject build(JsonObject envelope, String field, Map<String, Matches> byScope, ListRequest list) {
    long pageEnd = (long) list.offset() + list.maxResults();
    long start = 0;
    JsonObject items = new JsonObject();
    for (Map.Entry<String, Matches> scope : byScope.entrySet()) {
      Matches matches = scope.getValue();
      int from = (int) Math.max(0, list.offset() - start);
      int to = (int) Math.max(0, Math.min(matches.total(), pageEnd - start));
      items.put(scope.getKey(), from < to ? new JsonObject().put(field, new JsonArray(new ArrayList<>(matches.first().subList(from, to))))
        : noResults(scope.getKey()));
      start += matches.total();
    }
    envelope.put("items", items);
    if (pageEnd < start) {
      envelope.put("nextPageToken", ListRequest.encodeToken((int) pageEnd));
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
