package io.gceemu.api;

import io.gceemu.bus.ComputeClient;
import io.gceemu.catalog.Zone;
import io.gceemu.list.AggregatedList;
import io.gceemu.list.ListRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code aggregatedList} of a zonal collection: asks every zone for all its matches, then pages
 * across zones in catalog order, keyed {@code zones/<zone>} as GCE keys them.
 */
final class ZonalAggregation {

  private ZonalAggregation() {
  }

  /**
   * @param action     the zones' list action
   * @param collection the collection's name, which is also the field of each scope's items
   * @param kind       the aggregated list's kind, {@code compute#diskAggregatedList}
   */
  static Future<JsonObject> list(GceRequest request, ComputeClient compute, List<Zone> zones, String action, String collection,
                                 String kind) {
    String project = request.project();
    JsonObject options = request.listOptions();
    ListRequest list = ListRequest.from(options);
    List<Future<JsonObject>> replies = zones.stream().map(zone -> compute.send(zone.name(), action,
      new JsonObject().put("project", project).put("list", options).put("all", true))).toList();
    return Future.all(replies).map(all -> {
      Map<String, List<JsonObject>> byScope = new LinkedHashMap<>();
      for (int i = 0; i < zones.size(); i++) {
        JsonArray items = replies.get(i).result().getJsonArray("items");
        byScope.put("zones/" + zones.get(i).name(), items.stream().map(JsonObject.class::cast).toList());
      }
      String path = "projects/" + project + "/aggregated/" + collection;
      return AggregatedList.build(new JsonObject().put("kind", kind).put("id", path)
        .put("selfLink", request.links().of(path)), collection, byScope, list);
    });
  }
}
