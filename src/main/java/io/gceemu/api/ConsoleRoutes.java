package io.gceemu.api;

import io.gceemu.bus.Addresses;
import io.gceemu.store.ProjectStore;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console: static pages at {@code /console/} (plain HTML, CSS and JavaScript; no build
 * step) that use the same API as any client, the projects that exist, and a server-sent event
 * stream of instance changes that the zones publish, so the page updates without polling.
 */
final class ConsoleRoutes {

  /** A comment line every so often keeps idle proxies and browsers from closing the stream. */
  private static final long KEEP_ALIVE_MS = 15_000;

  private final ProjectStore projects;

  ConsoleRoutes(ProjectStore projects) {
    this.projects = projects;
  }

  void mount(Router router) {
    router.get("/").handler(ctx -> ctx.redirect("/console/"));
    router.get("/console/*").handler(StaticHandler.create("console").setCachingEnabled(false));
    router.get("/_emulator/projects").handler(ctx -> projects.names().onComplete(names -> {
      if (names.failed()) {
        ctx.fail(names.cause());
        return;
      }
      ctx.response().putHeader("content-type", "application/json; charset=UTF-8")
        .end(new JsonObject().put("projects", new JsonArray(names.result())).encode());
    }));
    router.get("/_emulator/events").handler(this::events);
  }

  /** {@code GET /_emulator/events[?project=p]}: one {@code data:} line of JSON per instance change. */
  private void events(RoutingContext ctx) {
    String project = ctx.queryParams().get("project");
    HttpServerResponse response = ctx.response().setChunked(true)
      .putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
    response.write(": connected\n\n");
    MessageConsumer<JsonObject> consumer = ctx.vertx().eventBus().consumer(Addresses.INSTANCE_EVENTS, event -> {
      if (project == null || project.equals(event.body().getString("project"))) {
        response.write("data: " + event.body().encode() + "\n\n");
      }
    });
    long keepAlive = ctx.vertx().setPeriodic(KEEP_ALIVE_MS, timer -> response.write(": keep-alive\n\n"));
    response.closeHandler(closed -> {
      consumer.unregister();
      ctx.vertx().cancelTimer(keepAlive);
    });
  }
}
