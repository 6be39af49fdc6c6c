package io.gceemu.api;

import io.gceemu.bus.BusFailures;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes a route's outcome: 200 with the GCE JSON, or the GCE error envelope. */
final class Responses {

  private Responses() {
  }

  static void reply(RoutingContext ctx, Future<?> outcome) {
    outcome.onComplete(done -> {
      if (done.succeeded()) {
        ok(ctx, done.result());
      } else {
        GceErrors.send(ctx, BusFailures.toGceError(done.cause()));
      }
    });
  }

  /** @param body GCE JSON, as a JsonObject or as bytes ready to send */
  static void ok(RoutingContext ctx, Object body) {
    if (!ctx.response().ended()) {
      ctx.response().putHeader("content-type", "application/json; charset=UTF-8")
        .end(body instanceof Buffer bytes ? bytes : ((JsonObject) body).toBuffer());
    }
  }
}
