package io.gceemu.api;

import io.gceemu.metrics.EmulatorMetrics;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each request leaves behind when its answer is sent: its count and latency by GCE method and
 * status in the metrics, and one log line: method, path, status, duration, the GCE method, project
 * and zone. Plain text by default on the logger {@code gce.requests.plain}, one JSON object per line
 * with {@code --request-log json} on {@code gce.requests.json}, none with {@code none}. Two loggers,
 * so that logback.xml gives each its own layout (the JSON one nothing but the object); both sit
 * under {@code gce.requests}, so one level silences both.
 */
final class RequestLog implements Handler<RoutingContext> {

  static final String PLAIN_LOGGER = "gce.requests.plain";
  static final String JSON_LOGGER = "gce.requests.json";

  private static final Logger PLAIN = LoggerFactory.getLogger(PLAIN_LOGGER);
  private static final Logger JSON = LoggerFactory.getLogger(JSON_LOGGER);

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
      int status = ctx.response().getStatusCode();
      metrics.request(gceMethod, status, nanos);
      if ("json".equals(format) && JSON.isInfoEnabled()) {
        JSON.info(new JsonObject().put("method", ctx.request().method().name()).put("path", ctx.request().path()).put("status", status)
          .put("durationMs", Math.round(nanos / 1e4) / 100.0).put("gceMethod", gceMethod)
          .put("project", ctx.pathParam("project")).put("zone", ctx.pathParam("zone")).encode());
      } else if ("plain".equals(format) && PLAIN.isInfoEnabled()) {
        PLAIN.info(plain(ctx, status, nanos, gceMethod));
      }
    });
    ctx.next();
  }

  /** Built by hand rather than with {@code String.format}, which parses its pattern on every call, on the event loop. */
  private static String plain(RoutingContext ctx, int status, long nanos, String gceMethod) {
    long tenths = Math.round(nanos / 1e5);
    StringBuilder line = new StringBuilder(160).append(ctx.request().method().name()).append(' ').append(ctx.request().path())
      .append(' ').append(status).append(' ').append(tenths / 10).append('.').append(tenths % 10).append(" ms ").append(gceMethod);
    String project = ctx.pathParam("project");
    String zone = ctx.pathParam("zone");
    if (project != null) {
      line.append(" project=").append(project);
    }
    if (zone != null) {
      line.append(" zone=").append(zone);
    }
    return line.toString();
  }
}
