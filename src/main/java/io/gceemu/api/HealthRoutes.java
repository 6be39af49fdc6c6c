package io.gceemu.api;

import io.gceemu.bus.Actions;
import io.gceemu.bus.ComputeClient;
import io.gceemu.catalog.Zone;
import io.gceemu.store.ProjectStore;
import io.gceemu.gce.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

import java.util.List;

/**
 * {@code GET /compute/health}: healthy (200) once every zone's verticle answers, 503 before.
 * Asking each zone, rather than trusting a flag, also tells the truth when zones live on other
 * nodes of a cluster; the answer names this node and the node serving each zone. Beside it, in
 * vertx-health-check's format: {@code /health/live} (the process answers) and
 * {@code /health/ready} (Postgres answers and every zone is served).
 */
final class HealthRoutes {

  static final String PATH = "/compute/health";
  static final String LIVE = "/health/live";
  static final String READY = "/health/ready";
  private static final long PING_TIMEOUT_MS = 2_000;

  private final List<Zone> zones;
  private final ComputeClient pinger;
  private final String node;
  private final Vertx vertx;
  private final ProjectStore database;

  HealthRoutes(List<Zone> zones, Vertx vertx, String node, ProjectStore database) {
    this.zones = zones;
    this.node = node;
    this.vertx = vertx;
    this.database = database;
    this.pinger = new ComputeClient(vertx, PING_TIMEOUT_MS, 0);
  }

  void mount(Router router) {
    router.get(PATH).handler(this::health);
    // Answering at all shows the process and its event loops are alive.
    router.get(LIVE).handler(HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
      .register("eventLoop", done -> done.complete(Status.OK()))));
    router.get(READY).handler(HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
      .register("database", PING_TIMEOUT_MS, done -> database.ping().onComplete(ping -> done.complete(ping.succeeded() ? Status.OK()
        : Status.KO(new JsonObject().put("error", "Postgres does not answer")))))
      .register("zones", PING_TIMEOUT_MS, done -> pingZones().onComplete(up -> done.complete(up.result() == zones.size() ? Status.OK()
        : Status.KO(new JsonObject().put("zones", zones.size()).put("zonesUp", up.result())))))));
  }

  /** How many zones answer a ping. */
  private Future<Long> pingZones() {
    List<Future<JsonObject>> pings = pings();
    return Future.join(pings).transform(done -> Future.succeededFuture(pings.stream().filter(Future::succeeded).count()));
  }

  /** Every zone asked at once; each answers with its name and the node serving it. */
  private List<Future<JsonObject>> pings() {
    return zones.stream().map(zone -> pinger.send(zone.name(), Actions.PING, new JsonObject())).toList();
  }

  private void health(RoutingContext ctx) {
    List<Future<JsonObject>> pings = pings();
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
