package io.gceemu.api;

import io.gceemu.bus.ComputeClient;
import io.gceemu.catalog.Catalog;
import io.gceemu.config.EmulatorConfig;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.schema.Schemas;
import io.gceemu.store.ProjectStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The router: owns HTTP, checks every request, forwards it over the event bus to the zone that
 * owns the resource, and writes the zone's answer back. The route table below is the API's index.
 */
public final class HttpVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(HttpVerticle.class.getName());
  static final int MAX_BODY_BYTES = 1024 * 1024;

  private final EmulatorConfig config;
  private final Catalog catalog;
  private final ProjectStore projects;
  private final int port;
  private final String node;
  private HttpServer server;

  /**
   * @param port where to listen; several routers share one port, and a negative one is a free port they share
   * @param node this node's id in the cluster (or its own, standalone)
   */
  public HttpVerticle(EmulatorConfig config, Catalog catalog, ProjectStore projects, int port, String node) {
    this.config = config;
    this.catalog = catalog;
    this.projects = projects;
    this.port = port;
    this.node = node;
  }

  @Override
  public Future<?> start() {
    Links links = new Links(config.linkBase());
    ComputeClient compute = new ComputeClient(vertx, config.requestTimeoutMs(), config.waitTimeoutMs());
    RouteSupport support = new RouteSupport(catalog, Schemas.load(), config);

    Router router = Router.router(vertx);
    router.route().handler(HttpVerticle::methodOverride);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    new HealthRoutes(catalog.zones(), vertx, node).mount(router);
    new ProjectRoutes(support, projects, links).mount(router);
    new CatalogRoutes(support, links).mount(router);
    new InstanceRoutes(support, compute, links).mount(router);
    new OperationRoutes(support, compute).mount(router);
    new AdminRoutes(support, compute, projects).mount(router);
    new BatchRoutes(vertx.createHttpClient(), config.host(), this::actualPort).mount(router);

    router.errorHandler(404, ctx -> GceErrors.send(ctx, new GceError(404, "notFound",
      "The requested URL " + ctx.request().path() + " was not found on this server.")));
    router.errorHandler(405, ctx -> GceErrors.send(ctx, new GceError(405, "methodNotAllowed",
      "The method " + ctx.request().method() + " is not allowed for the requested URL.")));
    router.errorHandler(413, ctx -> GceErrors.send(ctx, new GceError(413, "badRequest",
      "Request payload size exceeds the limit: " + MAX_BODY_BYTES + " bytes.")));
    router.errorHandler(400, ctx -> GceErrors.send(ctx, new GceError(400, "badRequest", "Bad Request")));
    router.errorHandler(500, HttpVerticle::internalError);

    server = vertx.createHttpServer(new HttpServerOptions()
      .setHost(config.host())
      .setPort(port)
      .setDecompressionSupported(true));
    return server.requestHandler(router).listen();
  }

  public int actualPort() {
    return server.actualPort();
  }

  /**
   * The Java clients send PATCH (and very long GETs) as POST with {@code X-HTTP-Method-Override};
   * the request is routed as the method it stands for.
   */
  private static void methodOverride(RoutingContext ctx) {
    String override = ctx.request().getHeader("X-HTTP-Method-Override");
    if (override != null && !override.isBlank() && !override.equalsIgnoreCase(ctx.request().method().name())) {
      ctx.reroute(HttpMethod.valueOf(override.trim().toUpperCase()), ctx.request().uri());
    } else {
      ctx.next();
    }
  }

  /** Never a stack trace to the caller: an unexpected failure is logged and answered as GCE would. */
  private static void internalError(RoutingContext ctx) {
    if (ctx.failure() instanceof GceError error) {
      GceErrors.send(ctx, error);
      return;
    }
    LOG.log(Level.SEVERE, "unexpected failure on " + ctx.request().method() + " " + ctx.request().path(), ctx.failure());
    GceErrors.send(ctx, new GceError(500, "backendError", "Internal error. Please try again or contact Google Support."));
  }
}
