package io.gceemu.faults;

import io.gceemu.gce.GceError;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One way to make the emulator misbehave on purpose, after LocalStack's chaos API: for requests
 * of a GCE method (a trailing {@code *} matches a prefix), project and zone, with a probability
 * and at most {@code count} times, add latency, answer with a GCE error, or accept a mutation
 * whose operation then ends in error (as GCE reports {@code ZONE_RESOURCE_POOL_EXHAUSTED}).
 */
public final class FaultRule {

  private final long id;
  private final JsonObject spec;
  private final AtomicLong left;
  private final AtomicLong applied = new AtomicLong();

  FaultRule(long id, JsonObject spec) {
    this.id = id;
    this.spec = spec.copy();
    this.left = new AtomicLong(spec.getLong("count", Long.MAX_VALUE));
  }

  public long id() {
    return id;
  }

  /** Whether this rule acts on a request, taking one of its {@code count} when it does. */
  boolean applies(String method, String project, String zone) {
    String wanted = spec.getString("method");
    boolean matches = (wanted == null || (wanted.endsWith("*") ? method.startsWith(wanted.substring(0, wanted.length() - 1)) : wanted.equals(method)))
      && (spec.getString("project") == null || spec.getString("project").equals(project))
      && (spec.getString("zone") == null || spec.getString("zone").equals(zone))
      && ThreadLocalRandom.current().nextDouble() < spec.getDouble("probability", 1.0);
    if (!matches || left.getAndUpdate(n -> n > 0 ? n - 1 : 0) <= 0) {
      return false;
    }
    applied.incrementAndGet();
    return true;
  }

  public long latencyMs() {
    return spec.getLong("latencyMs", 0L);
  }

  /** The error to answer with instead of serving the request, or null. */
  public GceError error() {
    JsonObject error = spec.getJsonObject("error");
    if (error == null) {
      return null;
    }
    int code = error.getInteger("code");
    String reason = error.getString("reason", code == 429 ? "rateLimitExceeded" : code >= 500 ? "backendError" : "badRequest");
    String message = error.getString("message", code == 429 ? "Rate Limit Exceeded"
      : code >= 500 ? "Internal error. Please try again or contact Google Support." : "Bad Request");
    return new GceError(code, reason, message);
  }

  /** The error the operation of an accepted mutation ends in ({@code code}, {@code message}, {@code httpStatus}), or null. */
  public JsonObject operationError() {
    JsonObject error = spec.getJsonObject("operationError");
    if (error == null) {
      return null;
    }
    return new JsonObject().put("code", error.getString("code"))
      .put("message", error.getString("message", "The zone does not have enough resources available to fulfill the request."
        + " Try a different zone, or try again later."))
      .put("httpStatus", error.getInteger("httpStatus", 503));
  }

  public JsonObject toJson() {
    return spec.copy().put("id", Long.toString(id)).put("applied", applied.get());
  }
}
