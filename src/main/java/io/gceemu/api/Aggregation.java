package io.gceemu.api;

import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.list.AggregatedList;
import io.gceemu.list.ListRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code aggregatedList}: asks the owner of every scope for the count of its matches and the first
 * of them a page can show, then pages across the scopes in the order given (GCE's: {@code global}, the regions, then the zones, each in catalog
 * order), keyed as GCE keys them: {@code global}, {@code regions/<region>}, {@code zones/<zone>}.
 */
final class Aggregation {

  private Aggregation() {
  }

  /**
   * @param scopes     the scopes' names, as their owners are addressed: a zone's name,
   *                   {@link Addresses#region}, {@link Addresses#GLOBAL}
   * @param action     each scope's list action
   * @param collection the collection's name, which is also the field of each scope's items
   * @param kind       the aggregated list's kind, {@code compute#diskAggregatedList}
   */
  static Future<JsonObject> list(GceRequest request, ComputeClient compute, List<String> scopes, Function<String, String> action,
                                 String collection, String kind) {
    String project = request.project();
    JsonObject options = request.listOptions();
    ListRequest list = ListRequest.from(options);
    // Of each scope no more than a page can show of it: the count of its matches, and the first of them.
    int window = (int) Math.min(Integer.MAX_VALUE, (long) list.offset() + list.maxResults());
    List<Future<JsonObject>> replies = scopes.stream().map(scope -> compute.send(scope, action.apply(scope),
      new JsonObject().put("project", project).put("list", options).put("window", window))).toList();
    return Future.all(replies).map(all -> {
      Map<String, AggregatedList.Matches> byScope = new LinkedHashMap<>();
      for (int i = 0; i < scopes.size(); i++) {
        JsonObject reply = replies.get(i).result();
        byScope.put(key(scopes.get(i)), new AggregatedList.Matches(reply.getInteger("total"),
          reply.getJsonArray("items").stream().map(JsonObject.class::cast).toList()));
      }
      String path = "projects/" + project + "/aggregated/" + collection;
      return AggregatedList.build(new JsonObject().put("kind", kind).put("id", path)
        .put("selfLink", request.links().of(path)), collection, byScope, list);
    });
  }

  private static String key(String scope) {
    return Addresses.GLOBAL.equals(scope) || Addresses.regionOf(scope) != null ? scope : "zones/" + scope;
  }
}
