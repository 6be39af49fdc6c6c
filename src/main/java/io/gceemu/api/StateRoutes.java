package io.gceemu.api;

import io.gceemu.bus.ComputeClient;
import io.gceemu.store.StateStore;
import io.vertx.core.Future;
import io.gceemu.gce.GceError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code GET /_emulator/export[?project=p]}: everything (or one project) as one JSON document;
 * {@code POST /_emulator/import} with that document: into an emulator without instances, after
 * which every zone reloads what Postgres now holds. {@code --seed FILE} imports one at start.
 */
final class StateRoutes {

  private final RouteSupport support;
  private final StateStore state;
  private final ComputeClient compute;

  StateRoutes(RouteSupport support, StateStore state, ComputeClient compute) {
    this.support = support;
    this.state = state;
    this.compute = compute;
  }

  void mount(Router router) {
    router.get("/_emulator/export").handler(support.handler(request -> state.export(request.params().getString("project"))));
    router.post("/_emulator/import").handler(support.handler(this::importState));
  }

  private Future<JsonObject> importState(GceRequest request) {
    JsonObject document;
    try {
      document = new JsonObject(request.rawBody());
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(new GceError(400, "parseError", "Invalid JSON payload received."));
    }
    return state.importState(document).onSuccess(imported -> compute.projectsForgotten(null)).compose(imported -> compute.reloadZones()
      .map(done -> new JsonObject().put("imported", imported.instances())));
  }
}
