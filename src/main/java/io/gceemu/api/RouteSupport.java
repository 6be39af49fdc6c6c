package io.gceemu.api;

import io.gceemu.catalog.Catalog;
import io.gceemu.config.EmulatorConfig;
import io.gceemu.gce.GceError;
import io.gceemu.schema.Schemas;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * What every route class shares: turning a handler of a checked {@link GceRequest} into a
 * vertx-web handler whose failures, thrown or asynchronous, become GCE error envelopes.
 */
final class RouteSupport {

  private final Catalog catalog;
  private final Schemas schemas;
  private final EmulatorConfig config;

  RouteSupport(Catalog catalog, Schemas schemas, EmulatorConfig config) {
    this.catalog = catalog;
    this.schemas = schemas;
    this.config = config;
  }

  /** @param route answers with GCE JSON: a JsonObject, or its bytes in a Buffer */
  Handler<RoutingContext> handler(Function<GceRequest, Future<?>> route) {
    return ctx -> {
      Future<?> outcome;
      try {
        outcome = route.apply(new GceRequest(ctx, catalog, schemas, config));
      } catch (GceError e) {
        outcome = Future.failedFuture(e);
      }
      Responses.reply(ctx, outcome);
    };
  }

  Catalog catalog() {
    return catalog;
  }

  EmulatorConfig config() {
    return config;
  }
}
