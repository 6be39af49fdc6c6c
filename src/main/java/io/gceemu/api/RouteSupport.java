package io.gceemu.api;

import io.gceemu.catalog.Catalog;
import io.gceemu.config.EmulatorConfig;
import io.gceemu.faults.FaultRule;
import io.gceemu.faults.FaultRules;
import io.gceemu.gce.ApiVersion;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Links;
import io.gceemu.schema.Schemas;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.function.Function;

/**
 * What every route class shares: turning a handler of a checked {@link GceRequest} into a
 * vertx-web handler whose failures, thrown or asynchronous, become GCE error envelopes.
 */
final class RouteSupport {

  /**
   * Where every Compute Engine route lives: under {@code /compute/v1/} and {@code /compute/beta/}
   * alike, from one table; {@link #versionOrNotFound} turns away the versions not served.
   */
  static final String API = "/compute/:version";

  private final Catalog catalog;
  private final Schemas schemas;
  private final EmulatorConfig config;
  private final FaultRules faults;
  private final Links links;

  RouteSupport(Catalog catalog, Schemas schemas, EmulatorConfig config, FaultRules faults, Links links) {
    this.links = links;
    this.catalog = catalog;
    this.schemas = schemas;
    this.config = config;
    this.faults = faults;
  }

  /**
   * @param route answers with GCE JSON: a JsonObject, or its bytes in a Buffer. A fault rule that
   *              applies to the request acts first: it delays it, answers it with an error, or
   *              hands the route an error for the operation to end in.
   */
  Handler<RoutingContext> handler(Function<GceRequest, Future<?>> route) {
    return ctx -> {
      Optional<FaultRule> fault = faultFor(ctx);
      if (fault.isEmpty()) {
        serve(ctx, route);
        return;
      }
      FaultRule rule = fault.get();
      Runnable act = () -> {
        if (rule.error() != null) {
          GceErrors.send(ctx, rule.error());
          return;
        }
        if (rule.operationError() != null) {
          ctx.put(GceRequest.FAULT, rule.operationError());
        }
        serve(ctx, route);
      };
      if (rule.latencyMs() > 0) {
        ctx.vertx().setTimer(rule.latencyMs(), timer -> act.run());
      } else {
        act.run();
      }
    };
  }

  private void serve(RoutingContext ctx, Function<GceRequest, Future<?>> route) {
    Future<?> outcome;
    try {
      outcome = route.apply(new GceRequest(ctx, catalog, schemas, config, links));
    } catch (GceError e) {
      outcome = Future.failedFuture(e);
    }
    Responses.reply(ctx, outcome);
  }

  /** Faults apply to the Compute Engine API only, never to the emulator's own controls. */
  private Optional<FaultRule> faultFor(RoutingContext ctx) {
    if (faults.none()) {
      return Optional.empty();
    }
    Route route = ctx.currentRoute();
    String template = route == null ? null : route.getPath();
    if (template == null || !template.startsWith(API + "/")) {
      return Optional.empty();
    }
    return faults.match(GceMethods.of(ctx.request().method(), template), ctx.pathParam("project"), ctx.pathParam("zone"));
  }

  /** A version GCE does not serve here (alpha, v2, ...) is a URL this server does not have, as any other. */
  static void versionOrNotFound(RoutingContext ctx) {
    if (ApiVersion.fromPath(ctx.pathParam("version")).isPresent()) {
      ctx.next();
    } else {
      ctx.fail(404);
    }
  }

  Catalog catalog() {
    return catalog;
  }

  EmulatorConfig config() {
    return config;
  }
}
