package io.gceemu.api;

import io.gceemu.metrics.EmulatorMetrics;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * What each request leaves behind when its answer is sent: its count and latency by GCE method and
 * status in the metrics, and one log line: method, path, status, duration, the GCE method, project
 * and zone. Plain text by default, one JSON object per line with {@code --request-log json}, none
 * with {@code none}; the logger is {@code gce.requests}, so logging configuration can silence it.
 */
final class RequestLog implements Handler<RoutingContext> {

  private static final Logger LOG = Logger.getLogger("gce.requests");

  private final String format;
  private final EmulatorMetrics metrics;

  RequestLog(String format, EmulatorMetrics metrics) {
    this.format = format;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(done -> {
      Route route = ctx.currentRoute();
      String gceMethod = GceMethods.of(ctx.request().method(), route == null ? null : route.getPath());
      long nanos = System.nanoTime() - started;
      double ms = nanos / 1e6;
      int status = ctx.response().getStatusCode();
      metrics.request(gceMethod, status, nanos);
      if ("none".equals(format)) {
        return;
      }
      String project = ctx.pathParam("project");
      String zone = ctx.pathParam("zone");
      if ("json".equals(format)) {
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
