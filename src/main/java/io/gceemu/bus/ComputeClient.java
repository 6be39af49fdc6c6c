package io.gceemu.bus;

import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.Zone;
import io.gceemu.gce.ApiVersion;
import io.gceemu.gce.GceError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The public in-JVM API: manages instances, the declared collections (disks, snapshots, images) and
 * operations over the event bus, without HTTP.
 * Every method answers with the exact GCE resource JSON the REST API would return, and fails with a
 * {@link GceError} carrying the HTTP status, reason and message GCE would give.
 *
 * <pre>{@code
 * ComputeClient compute = new ComputeClient(vertx);
 * compute.insertInstance("my-project", "us-central1-a", new JsonObject()
 *     .put("name", "vm-1").put("machineType", "zones/us-central1-a/machineTypes/e2-micro"))
 *   .compose(op -> compute.getInstance("my-project", "us-central1-a", "vm-1"));
 * }</pre>
 */
public final class ComputeClient {

  private static final long DEFAULT_TIMEOUT_MS = 30_000;
  /** Real GCE holds a wait for about two minutes; the zone caps it at its own configured maximum. */
  private static final long DEFAULT_MAX_WAIT_MS = 120_000;

  private static final Catalog CATALOG = Catalog.load();
  private static final List<Zone> ZONES = CATALOG.zones();
  private static final List<String> SCOPES = Addresses.everyScope(CATALOG);

  private final Vertx vertx;
  private final long timeoutMs;
  private final long maxWaitMs;
  private final ApiVersion version;

  public ComputeClient(Vertx vertx) {
    this(vertx, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_WAIT_MS);
  }

  /**
   * @param timeoutMs how long to wait for a zone's answer
   * @param maxWaitMs the longest {@link #waitOperation} may be held open by the zone
   */
  public ComputeClient(Vertx vertx, long timeoutMs, long maxWaitMs) {
    this(vertx, timeoutMs, maxWaitMs, ApiVersion.V1);
  }

  private ComputeClient(Vertx vertx, long timeoutMs, long maxWaitMs, ApiVersion version) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.maxWaitMs = maxWaitMs;
    this.version = version;
  }

  /**
   * This client as another API version would answer (v1 by default): zones answer it with that
   * version's links and fields, and take the bodies it sends as that version's.
   */
  public ComputeClient in(ApiVersion other) {
    return other == version ? this : new ComputeClient(vertx, timeoutMs, maxWaitMs, other);
  }

  public Future<JsonObject> insertInstance(String project, String zone, JsonObject instance) {
    return insertInstance(project, zone, instance, null);
  }

  /** @param requestId a UUID that makes retries of this insert return the first operation */
  public Future<JsonObject> insertInstance(String project, String zone, JsonObject instance, String requestId) {
    return send(zone, Actions.INSERT, target(project, null).put("body", instance).put("requestId", requestId));
  }

  /**
   * Inserts a resource of a declared collection: {@code disks} in a zone, {@code snapshots} or
   * {@code images} in the global scope ({@code scope} {@value Addresses#GLOBAL}).
   *
   * @param params the query parameters the method takes ({@code sourceImage}, {@code forceCreate}), or null
   */
  public Future<JsonObject> insertResource(String collection, String project, String scope, JsonObject resource, JsonObject params) {
    return send(scope, collection + ".insert", target(project, null).put("body", resource).put("params", params));
  }

  public Future<JsonObject> getResource(String collection, String project, String scope, String name) {
    return send(scope, collection + ".get", target(project, null).put("resource", name));
  }

  /** @param options any of {@code filter}, {@code orderBy}, {@code maxResults}, {@code pageToken} */
  public Future<JsonObject> listResources(String collection, String project, String scope, JsonObject options) {
    return send(scope, collection + ".list", target(project, null).put("list", options));
  }

  public Future<JsonObject> deleteResource(String collection, String project, String scope, String name) {
    return send(scope, collection + ".delete", target(project, null).put("resource", name));
  }

  public Future<JsonObject> getInstance(String project, String zone, String instance) {
    return send(zone, Actions.GET, target(project, instance));
  }

  /** @param options any of {@code filter}, {@code orderBy}, {@code maxResults}, {@code pageToken} */
  public Future<JsonObject> listInstances(String project, String zone, JsonObject options) {
    return send(zone, Actions.LIST, target(project, null).put("list", options));
  }

  public Future<JsonObject> deleteInstance(String project, String zone, String instance) {
    return send(zone, Actions.DELETE, target(project, instance));
  }

  public Future<JsonObject> startInstance(String project, String zone, String instance) {
    return send(zone, Actions.START, target(project, instance));
  }

  public Future<JsonObject> stopInstance(String project, String zone, String instance) {
    return send(zone, Actions.STOP, target(project, instance));
  }

  public Future<JsonObject> resetInstance(String project, String zone, String instance) {
    return send(zone, Actions.RESET, target(project, instance));
  }

  /** @param request {@code {"labels": {...}, "labelFingerprint": "..."}} */
  public Future<JsonObject> setLabels(String project, String zone, String instance, JsonObject request) {
    return send(zone, Actions.SET_LABELS, target(project, instance).put("body", request));
  }

  /** @param metadata {@code {"fingerprint": "...", "items": [{"key": ..., "value": ...}]}} */
  public Future<JsonObject> setMetadata(String project, String zone, String instance, JsonObject metadata) {
    return send(zone, Actions.SET_METADATA, target(project, instance).put("body", metadata));
  }

  /** @param tags {@code {"fingerprint": "...", "items": ["..."]}} */
  public Future<JsonObject> setTags(String project, String zone, String instance, JsonObject tags) {
    return send(zone, Actions.SET_TAGS, target(project, instance).put("body", tags));
  }

  public Future<JsonObject> suspendInstance(String project, String zone, String instance) {
    return send(zone, Actions.SUSPEND, target(project, instance));
  }

  public Future<JsonObject> resumeInstance(String project, String zone, String instance) {
    return send(zone, Actions.RESUME, target(project, instance));
  }

  /** @param request {@code {"machineType": "zones/z/machineTypes/t"}}; the instance must be TERMINATED */
  public Future<JsonObject> setMachineType(String project, String zone, String instance, JsonObject request) {
    return send(zone, Actions.SET_MACHINE_TYPE, target(project, instance).put("body", request));
  }

  public Future<JsonObject> setDeletionProtection(String project, String zone, String instance, boolean protect) {
    return send(zone, Actions.SET_DELETION_PROTECTION, target(project, instance).put("deletionProtection", protect));
  }

  /** {@code instances.update}: a whole Instance quoting the current {@code fingerprint}. */
  public Future<JsonObject> updateInstance(String project, String zone, String instance, JsonObject resource) {
    return send(zone, Actions.UPDATE, target(project, instance).put("body", resource));
  }

  public Future<JsonObject> getSerialPortOutput(String project, String zone, String instance, int port, long start) {
    return send(zone, Actions.SERIAL_PORT, target(project, instance).put("port", port).put("start", start));
  }

  public Future<JsonObject> getOperation(String project, String zone, String operation) {
    return send(zone, Actions.OPERATION_GET, new JsonObject().put("project", project).put("operation", operation));
  }

  public Future<JsonObject> listOperations(String project, String zone, JsonObject options) {
    return send(zone, Actions.OPERATION_LIST, new JsonObject().put("project", project).put("list", options));
  }

  /**
   * Answers when the operation is DONE, or with it as it is after its owner's longest wait.
   *
   * @param scope a zone's name, {@value Addresses#GLOBAL} or a region's scope ({@link Addresses#region})
   */
  public Future<JsonObject> waitOperation(String project, String scope, String operation) {
    String action = Addresses.GLOBAL.equals(scope) ? Actions.GLOBAL_OPERATION_WAIT
      : Addresses.regionOf(scope) != null ? Actions.REGION_OPERATION_WAIT : Actions.OPERATION_WAIT;
    return waitSlices(project, scope, action, operation, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs), false);
  }

  /**
   * The owner holds a wait open one slice at a time, and each slice is a read that may be sent
   * again: a slice sent to a node that died with it costs that slice, not the whole wait. Only
   * the first slice counts as a read of a {@code manual} operation.
   */
  private Future<JsonObject> waitSlices(String project, String scope, String action, String operation, long until,
                                        boolean continued) {
    long leftMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()));
    long sliceMs = Math.min(leftMs, Failover.WAIT_SLICE_MS);
    JsonObject payload = new JsonObject().put("project", project).put("operation", operation).put("maxWaitMs", sliceMs);
    if (continued) {
      payload.put("continued", true);
    }
    return send(scope, action, payload, timeoutMs + sliceMs).compose(answer ->
      sliceMs >= leftMs || "DONE".equals(answer.getString("status")) ? Future.succeededFuture(answer)
        : waitSlices(project, scope, action, operation, until, true));
  }

  public Future<JsonObject> deleteOperation(String project, String zone, String operation) {
    return send(zone, Actions.OPERATION_DELETE, new JsonObject().put("project", project).put("operation", operation));
  }

  // ---- emulator-only test controls ----

  /**
   * Chooses how new operations of a GCE method ({@code compute.instances.stop}; {@code null}: every
   * method) progress in one zone:
   * {@code {"mode": "immediate"}}, {@code {"mode": "time", "durationMs": 500}} per phase,
   * {@code {"mode": "manual", "reads": 2}}, or {@code {"mode": "default"}}. Operations waiting in
   * manual progression carry on under the choice once their method is no longer manual.
   *
   * @param scope a zone's name, {@value Addresses#GLOBAL} or a region's scope
   * @return the scope's progression settings
   */
  public Future<JsonObject> setProgression(String scope, String method, JsonObject progression) {
    return send(scope, Actions.ADMIN_PROGRESSION, new JsonObject().put("method", method).put("progression", progression));
  }

  /** {@link #setProgression(String, String, JsonObject)} in every scope; answers with the settings. */
  public Future<JsonObject> setProgression(String method, JsonObject progression) {
    List<Future<JsonObject>> all = SCOPES.stream().map(scope -> setProgression(scope, method, progression)).toList();
    return Future.all(all).map(done -> all.get(0).result());
  }

  /** Makes every zone reload its state from Postgres, as after an import. */
  public Future<Void> reloadZones() {
    return Future.all(ZONES.stream().map(zone -> send(zone.name(), Actions.ADMIN_RELOAD, new JsonObject())).toList()).mapEmpty();
  }

  /** Tells the scopes' owners on every node that a project ({@code null}: every project) is gone from Postgres. */
  public void projectsForgotten(String project) {
    vertx.eventBus().publish(Addresses.PROJECTS_FORGOTTEN, new JsonObject().put("project", project));
  }

  /** Empties every zone, or every zone of one project's resources ({@code project} set). */
  public Future<Void> reset(String project) {
    return Future.all(ZONES.stream().map(zone -> resetZone(zone.name(), project)).toList()).mapEmpty();
  }

  /** Moves an operation one phase on, or to its end; {@code scope} is a zone's name, global or a region's scope. */
  public Future<JsonObject> advanceOperation(String project, String scope, String operation, boolean toEnd) {
    return send(scope, Actions.ADMIN_ADVANCE, new JsonObject().put("project", project).put("operation", operation).put("toEnd", toEnd));
  }

  /** Empties one zone of every instance and operation, or only of one project's ({@code project} set). */
  public Future<JsonObject> resetZone(String zone, String project) {
    return send(zone, Actions.ADMIN_RESET, new JsonObject().put("project", project));
  }

  /** Sends one command to the zone's owner; the reply body is the GCE JSON of the answer. */
  public Future<JsonObject> send(String zone, String action, JsonObject payload) {
    return send(zone, action, payload, timeoutMs);
  }

  /**
   * As {@link #send}, but the answer stays the bytes the zone sent: a zone keeps the JSON of its
   * instances ready, and an HTTP server can pass it on without decoding it.
   */
  public Future<Buffer> sendForBytes(String zone, String action, JsonObject payload) {
    return request(zone, action, payload, timeoutMs)
      .map(body -> body instanceof Buffer bytes ? bytes : ((JsonObject) body).toBuffer());
  }

  private Future<JsonObject> send(String zone, String action, JsonObject payload, long sendTimeoutMs) {
    return request(zone, action, payload, sendTimeoutMs)
      .map(body -> body instanceof Buffer bytes ? new JsonObject(bytes) : (JsonObject) body);
  }

  /**
   * A zone answers with a JsonObject, or with the bytes of one. While a zone changes owner, the
   * request is sent again (see {@link Failover}) until the new owner answers or time runs out.
   */
  private Future<Object> request(String zone, String action, JsonObject payload, long sendTimeoutMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sendTimeoutMs);
    // v1 is what a zone assumes; only the other versions are named, so v1 messages stay as they were.
    JsonObject sent = version == ApiVersion.V1 ? payload : payload.copy().put("version", version.path());
    return attempt(zone, action, sent, deadline, 0)
      .recover(failure -> Future.failedFuture(BusFailures.toGceError(failure)));
  }

  private Future<Object> attempt(String zone, String action, JsonObject payload, long deadline, int attempt) {
    long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    DeliveryOptions options = new DeliveryOptions().addHeader(Actions.HEADER, action).setSendTimeout(Failover.attemptMs(action, payload, leftMs));
    return vertx.eventBus().request(Addresses.owner(zone), payload, options)
      .map(reply -> reply.body())
      .recover(failure -> {
        long backoffMs = Failover.backoffMs(attempt);
        if (!Failover.retriable(failure, action, payload) || backoffMs >= TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
          return Future.failedFuture(failure);
        }
        Promise<Object> retried = Promise.promise();
        vertx.setTimer(backoffMs, timer -> attempt(zone, action, payload, deadline, attempt + 1).onComplete(retried));
        return retried.future();
      });
  }

  private static JsonObject target(String project, String instance) {
    JsonObject payload = new JsonObject().put("project", project);
    return instance == null ? payload : payload.put("instance", instance);
  }
}
