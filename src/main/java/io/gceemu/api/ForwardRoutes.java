package io.gceemu.api;

import io.gceemu.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code GET /_emulator/forwards}: where the host reaches the external addresses of the VMs this
 * node's runtime runs, as {@code {"items": [{"instance", "natIP", "port", "hostAddress":
 * "127.0.0.1:<port>"}]}}; none without the sandbox runtime. The emulator's own endpoint, so that
 * GCE's fields stay as GCE has them.
 */
final class ForwardRoutes {

  static final String PATH = "/_emulator/forwards";

  private final RouteSupport support;
  private final Vertx vertx;

  ForwardRoutes(RouteSupport support, Vertx vertx) {
    this.support = support;
    this.vertx = vertx;
  }

  void mount(Router router) {
    router.get(PATH).handler(support.handler(request -> forwards()));
  }

  private Future<JsonObject> forwards() {
    return vertx.eventBus().<JsonObject>request(Addresses.RUNTIME_FORWARDS, new JsonObject()).map(reply -> reply.body())
      .recover(failure -> failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
        ? Future.succeededFuture(new JsonObject().put("items", new JsonArray())) : Future.failedFuture(failure));
  }
}
