package io.gceemu.api;

import io.gceemu.bus.Actions;
import io.gceemu.bus.ComputeClient;
import io.gceemu.catalog.Zone;
import io.gceemu.gce.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * {@code GET /compute/health}: healthy (200) once every zone's verticle answers, 503 before.
 * Asking each zone, rather than trusting a flag, also tells the truth when zones live on other
 * nodes of a cluster; the answer names this node and the node serving each zone.
 */
final class HealthRoutes {

  static final String PATH = "/compute/health";
  private static final long PING_TIMEOUT_MS = 2_000;

  private final List<Zone> zones;
  private final ComputeClient pinger;
  private final String node;

  HealthRoutes(List<Zone> zones, Vertx vertx, String node) {
    this.zones = zones;
    this.node = node;
    this.pinger = new ComputeClient(vertx, PING_TIMEOUT_MS, 0);
  }

  void mount(Router router) {
    router.get(PATH).handler(this::health);
  }

  private void health(RoutingContext ctx) {
    List<Future<JsonObject>> pings = zones.stream()
      .map(zone -> pinger.send(zone.name(), Actions.PING, new JsonObject())).toList();
    Future.join(pings).onComplete(done -> {
      long up = pings.stream().filter(Future::succeeded).count();
      JsonObject owners = new JsonObject();
      pings.stream().filter(Future::succeeded).map(Future::result).forEach(zone -> owners.put(zone.getString("zone"), zone.getString("node")));
      boolean healthy = up == zones.size();
      JsonObject body = new JsonObject()
        .put("service", "compute-engine")
        .put("status", healthy ? "healthy" : "unhealthy")
        .put("zones", zones.size())
        .put("zonesUp", up)
        .put("node", node)
        .put("owners", owners)
        .put("timestamp", Timestamps.format(Timestamps.now()));
      ctx.response().setStatusCode(healthy ? 200 : 503)
        .putHeader("content-type", "application/json; charset=UTF-8").end(body.encode());
    });
  }
}
