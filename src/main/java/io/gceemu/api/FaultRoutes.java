package io.gceemu.api;

import io.gceemu.faults.FaultRules;
import io.gceemu.gce.GceError;
import io.gceemu.schema.Schemas;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code /_emulator/faults}: add a rule (POST), list them (GET), remove one or all (DELETE). The
 * rules are this node's: in a cluster, add them on the node whose router the client calls.
 */
final class FaultRoutes {

  private static final String BASE = "/_emulator/faults";

  private final RouteSupport support;
  private final FaultRules faults;

  FaultRoutes(RouteSupport support, FaultRules faults) {
    this.support = support;
    this.faults = faults;
  }

  void mount(Router router) {
    router.post(BASE).handler(support.handler(this::add));
    router.get(BASE).handler(support.handler(request -> Future.succeededFuture(list())));
    router.delete(BASE).handler(support.handler(request -> {
      faults.clear();
      return Future.succeededFuture(list());
    }));
    router.delete(BASE + "/:rule").handler(support.handler(this::remove));
  }

  private Future<JsonObject> add(GceRequest request) {
    return Future.succeededFuture(faults.add(request.body(Schemas.ADMIN_FAULTS)).toJson());
  }

  private Future<JsonObject> remove(GceRequest request) {
    String id = request.pathParam("rule");
    if (!id.matches("\\d{1,18}") || !faults.remove(Long.parseLong(id))) {
      throw GceError.notFound("_emulator/faults/" + id);
    }
    return Future.succeededFuture(list());
  }

  private JsonObject list() {
    JsonArray rules = new JsonArray();
    faults.all().forEach(rule -> rules.add(rule.toJson()));
    return new JsonObject().put("rules", rules);
  }
}
