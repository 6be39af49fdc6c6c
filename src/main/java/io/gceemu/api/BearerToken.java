package io.gceemu.api;

import io.gceemu.gce.GceError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code --auth-token}: every API request must carry {@code Authorization: Bearer <token>}, or gets
 * 401 in Google's words. Without the option any token, or none, is accepted, as Google's own
 * emulators do. Exempt: the health endpoints and {@code /metrics}, because orchestrators' probes
 * and Prometheus scrapers rarely carry a bearer token and these show no resource, only counts and
 * the names of zones and nodes; and the console's static files, whose page then calls the API with
 * the token it was opened with.
 */
final class BearerToken implements Handler<RoutingContext> {

  private static final String SEE = " Expected OAuth 2 access token, login cookie or other valid authentication credential."
    + " See https://developers.google.com/identity/sign-in/web/devconsole-project.";

  private final byte[] expected;

  BearerToken(String token) {
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    if (HealthRoutes.PATH.equals(path) || HealthRoutes.LIVE.equals(path) || HealthRoutes.READY.equals(path)
        || HttpVerticle.METRICS.equals(path) || path.equals("/") || path.startsWith("/console/")) {
      ctx.next();
      return;
    }
    String given = ctx.request().getHeader("Authorization");
    String inQuery = ctx.request().getParam("access_token");
    if ((given == null || given.isBlank()) && inQuery != null) {
      // As Google's APIs do; a browser's EventSource (the console's live view) cannot set headers.
      given = "Bearer " + inQuery;
    }
    if (given == null || given.isBlank()) {
      GceErrors.send(ctx, new GceError(401, "required", "Request is missing required authentication credential." + SEE));
    } else if (!MessageDigest.isEqual(expected, given.trim().getBytes(StandardCharsets.UTF_8))) {
      // Compared in constant time, so the answer's timing says nothing about the token.
      GceError error = new GceError(401, "authError", "Request had invalid authentication credentials." + SEE);
      GceErrors.send(ctx, error);
    } else {
      ctx.next();
    }
  }
}
