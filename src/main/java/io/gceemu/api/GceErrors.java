package io.gceemu.api;

import io.gceemu.gce.GceError;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place Google's error envelope is written:
 * {@code {"error": {"code", "message", "errors": [{"message", "domain": "global", "reason"}]}}},
 * with the same code in the body as in the HTTP status (the Go client reads the body's).
 */
public final class GceErrors {

  private GceErrors() {
  }

  public static JsonObject envelope(GceError error) {
    JsonObject item = new JsonObject().put("message", error.getMessage()).put("domain", "global").put("reason", error.reason());
    return new JsonObject().put("error", new JsonObject()
      .put("code", error.status())
      .put("message", error.getMessage())
      .put("errors", new JsonArray().add(item)));
  }

  public static void send(RoutingContext ctx, GceError error) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.headWritten()) {
      return;
    }
    if (error.status() == 503) {
      // Every 503 here is worth retrying: Postgres away, a zone changing owner or overloaded.
      response.putHeader("Retry-After", "1");
    }
    response.setStatusCode(error.status())
      .putHeader("content-type", "application/json; charset=UTF-8")
      .end(envelope(error).encode());
  }
}
