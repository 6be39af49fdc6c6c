package io.gceemu.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * One line per request, when its answer is sent: method, path, status, duration, the GCE method,
 * project and zone. Plain text by default, one JSON object per line with {@code --request-log json};
 * the logger is {@code gce.requests}, so that logging configuration can also silence it.
 */
final class RequestLog implements Handler<RoutingContext> {

  private static final Logger LOG = Logger.getLogger("gce.requests");

  private final boolean json;

  RequestLog(boolean json) {
    this.json = json;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(done -> {
      Route route = ctx.currentRoute();
      String gceMethod = GceMethods.of(ctx.request().method(), route == null ? null : route.getPath());
      double ms = (System.nanoTime() - started) / 1e6;
      int status = ctx.response().getStatusCode();
      String project = ctx.pathParam("project");
      String zone = ctx.pathParam("zone");
      if (json) {
        LOG.info(new JsonObject().put("method", ctx.request().method().name()).put("path", ctx.request().path()).put("status", status)
          .put("durationMs", Math.round(ms * 100) / 100.0).put("gceMethod", gceMethod).put("project", project).put("zone", zone).encode());
      } else {
        LOG.info(String.format(Locale.ROOT, "%s %s %d %.1f ms %s%s%s", ctx.request().method().name(), ctx.request().path(), status, ms,
          gceMethod, project == null ? "" : " project=" + project, zone == null ? "" : " zone=" + zone));
      }
    });
    ctx.next();
  }
}
