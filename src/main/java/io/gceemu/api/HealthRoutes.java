package io.gceemu.api;

import io.gceemu.bus.Actions;
import io.gceemu.bus.Addresses;
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

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /compute/health}: healthy (200) once every zone's verticle, every region's owner and
 * the global scope's owner answer, 503 before.
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
  private final List<String> regions;
  private final ComputeClient pinger;
  private final String node;
  private final Vertx vertx;
  private final ProjectStore database;

  HealthRoutes(List<Zone> zones, List<String> regions, Vertx vertx, String node, ProjectStore database) {
    this.zones = zones;
    this.regions = regions;
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
      .register("zones", PING_TIMEOUT_MS, done -> ping().onComplete(up -> done.complete(healthy(up.result()) ? Status.OK()
        : Status.KO(new JsonObject().put("zones", zones.size()).put("zonesUp", up.result().zonesUp())
          .put("regions", regions.size()).put("regionsUp", up.result().regionsUp()).put("globalUp", up.result().globalUp())))))));
  }

  /**
   * What answered a ping: how many zones and regions, whether the global scope, and who serves each that did.
   * @param owners scope name ({@code global}, {@code regions/R}, a zone's name) to the node serving it
   */
  private record Pinged(long zonesUp, long regionsUp, boolean globalUp, JsonObject owners) {
  }

  /** Every scope's owner asked at once (the zones, the regions, then the global scope); each answers with its name and node. */
  private Future<Pinged> ping() {
    List<String> scopes = new ArrayList<>(zones.stream().map(Zone::name).toList());
    scopes.addAll(regions);
    scopes.add(Addresses.GLOBAL);
    List<Future<JsonObject>> pings = scopes.stream().map(scope -> pinger.send(scope, Actions.PING, new JsonObject())).toList();
    return Future.join(pings).transform(done -> {
      JsonObject owners = new JsonObject();
      pings.stream().filter(Future::succeeded).map(Future::result).forEach(scope -> owners.put(scope.getString("zone"), scope.getString("node")));
      long zonesUp = pings.subList(0, zones.size()).stream().filter(Future::succeeded).count();
      long regionsUp = pings.subList(zones.size(), zones.size() + regions.size()).stream().filter(Future::succeeded).count();
      return Future.succeededFuture(new Pinged(zonesUp, regionsUp, pings.get(pings.size() - 1).succeeded(), owners));
    });
  }

  private boolean healthy(Pinged up) {
    return up.zonesUp() == zones.size() && up.regionsUp() == regions.size() && up.globalUp();
  }

  private void health(RoutingContext ctx) {
    ping().onComplete(done -> {
      Pinged up = done.result();
      boolean healthy = healthy(up);
      JsonObject body = new JsonObject()
        .put("service", "compute-engine")
        .put("status", healthy ? "healthy" : "unhealthy")
        .put("zones", zones.size())
        .put("zonesUp", up.zonesUp())
        .put("regions", regions.size())
        .put("regionsUp", up.regionsUp())
        .put("globalUp", up.globalUp())
        .put("node", node)
        .put("owners", up.owners())
        .put("timestamp", Timestamps.format(Timestamps.now()));
      ctx.response().setStatusCode(healthy ? 200 : 503)
        .putHeader("content-type", "application/json; charset=UTF-8").end(body.encode());
    });
  }
}
