package io.gceemu.api;

import io.gceemu.bus.Addresses;
import io.gceemu.bus.ComputeClient;
import io.gceemu.catalog.Catalog;
import io.gceemu.config.EmulatorConfig;
import io.gceemu.faults.FaultRules;
import io.gceemu.metrics.EmulatorMetrics;
import io.gceemu.store.StateStore;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.schema.Schemas;
import io.gceemu.store.ProjectStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Set;

/**
 * The router: owns HTTP, checks every request, forwards it over the event bus to the zone that
 * owns the resource, and writes the zone's answer back. The route table below is the API's index.
 */
public final class HttpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  static final String METRICS = "/metrics";
  static final int MAX_BODY_BYTES = 1024 * 1024;
  /** Request line (method, URL, version): the Java clients turn longer GETs into POSTs at 2 KB. */
  static final int MAX_REQUEST_LINE = 16 * 1024;
  static final int MAX_HEADERS = 32 * 1024;
  /** The methods a request may stand for with {@code X-HTTP-Method-Override}: those the API has. */
  private static final Set<String> OVERRIDABLE = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  /** A connection that sends nothing this long is closed, so idle clients cannot pile up. */
  private static final int IDLE_SECONDS = 120;

  private final EmulatorConfig config;
  private final Catalog catalog;
  private final ProjectStore projects;
  private final int port;
  private final String node;
  private final FaultRules faults;
  private final EmulatorMetrics metrics;
  private final StateStore state;
  private HttpServer server;

  /**
   * @param port where to listen; several routers share one port, and a negative one is a free port they share
   * @param node this node's id in the cluster (or its own, standalone)
   */
  public HttpVerticle(EmulatorConfig config, Catalog catalog, ProjectStore projects, StateStore state, int port,
                      String node, FaultRules faults, EmulatorMetrics metrics) {
    this.faults = faults;
    this.metrics = metrics;
    this.state = state;
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
    RouteSupport support = new RouteSupport(catalog, Schemas.load(), config, faults, links);

    Router router = Router.router(vertx);
    router.route().handler(new RequestLog(config.requestLog(), metrics));
    router.route().handler(HttpVerticle::methodOverride);
    if (config.authToken() != null && !config.authToken().isEmpty()) {
      router.route().handler(new BearerToken(config.authToken()));
    }
    router.route().handler(new RequestBody());
    new HealthRoutes(catalog.zones(), Addresses.regions(catalog), vertx, node, projects).mount(router);
    router.get(METRICS).handler(ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
      .end(metrics.scrape()));
    router.route(RouteSupport.API + "/*").handler(RouteSupport::versionOrNotFound);
    new ProjectRoutes(support, projects, compute).mount(router);
    new CatalogRoutes(support, compute, projects).mount(router);
    new InstanceRoutes(support, compute).mount(router);
    new CollectionRoutes(support, compute).mount(router);
    new IamRoutes(support, compute).mount(router);
    new NetworkReads(support, compute).mount(router);
    new RegionInstanceGroupRoutes(support, compute).mount(router);
    new UnemulatedRoutes(support).mount(router);
    new OperationRoutes(support, compute).mount(router);
    new AdminRoutes(support, compute, projects).mount(router);
    new FaultRoutes(support, faults).mount(router);
    new ForwardRoutes(support, vertx).mount(router);
    new StateRoutes(support, state, compute).mount(router);
    new ConsoleRoutes(projects).mount(router);
    new BatchRoutes(vertx.createHttpClient(), config.host(), this::actualPort).mount(router);

    router.errorHandler(404, ctx -> GceErrors.send(ctx, new GceError(404, "notFound",
      "The requested URL " + ctx.request().path() + " was not found on this server.")));
    router.errorHandler(405, ctx -> GceErrors.send(ctx, new GceError(405, "methodNotAllowed",
      "The method " + ctx.request().method() + " is not allowed for the requested URL.")));
    router.errorHandler(400, ctx -> GceErrors.send(ctx, new GceError(400, "badRequest", "Bad Request")));
    router.errorHandler(500, HttpVerticle::internalError);

    server = vertx.createHttpServer(new HttpServerOptions()
      .setHost(config.host())
      .setPort(port)
      // HTTP/1.1, as Google's REST clients speak it; no cleartext HTTP/2 upgrade.
      .setHttp2ClearTextEnabled(false)
      .setMaxInitialLineLength(MAX_REQUEST_LINE)
      .setMaxHeaderSize(MAX_HEADERS)
      .setIdleTimeout(IDLE_SECONDS));
    return server.requestHandler(router).invalidRequestHandler(HttpVerticle::invalidRequest).listen();
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
    if (override == null || override.isBlank() || override.trim().equalsIgnoreCase(ctx.request().method().name())) {
      ctx.next();
      return;
    }
    String method = override.trim().toUpperCase(Locale.ROOT);
    if (!OVERRIDABLE.contains(method)) {
      GceErrors.send(ctx, new GceError(400, "badRequest", "Unsupported X-HTTP-Method-Override."));
      return;
    }
    ctx.reroute(HttpMethod.valueOf(method), ctx.request().uri());
  }

  /** A request the HTTP decoder refused (URL or headers too long, garbage) still gets GCE's envelope. */
  private static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    GceError error;
    if (cause instanceof TooLongHttpLineException) {
      error = new GceError(414, "badRequest", "The requested URL is too long: the limit is " + MAX_REQUEST_LINE + " bytes.");
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = new GceError(431, "badRequest", "The request's headers are too large: the limit is " + MAX_HEADERS + " bytes.");
    } else {
      error = new GceError(400, "badRequest", "Bad Request");
    }
    request.response().setStatusCode(error.status()).putHeader("content-type", "application/json; charset=UTF-8")
      .putHeader("connection", "close").end(GceErrors.envelope(error).encode());
  }

  /** Never a stack trace to the caller: an unexpected failure is logged and answered as GCE would. */
  private static void internalError(RoutingContext ctx) {
    if (ctx.failure() instanceof GceError error) {
      GceErrors.send(ctx, error);
      return;
    }
    LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
    GceErrors.send(ctx, new GceError(500, "backendError", "Internal error. Please try again or contact Google Support."));
  }
}
