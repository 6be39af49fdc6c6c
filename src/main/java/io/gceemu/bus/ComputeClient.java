package io.gceemu.bus;

import io.gceemu.gce.GceError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * The public in-JVM API: manages instances and zone operations over the event bus, without HTTP.
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

  private final Vertx vertx;
  private final long timeoutMs;

  public ComputeClient(Vertx vertx) {
    this(vertx, DEFAULT_TIMEOUT_MS);
  }

  public ComputeClient(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  public Future<JsonObject> insertInstance(String project, String zone, JsonObject instance) {
    return insertInstance(project, zone, instance, null);
  }

  /** @param requestId a UUID that makes retries of this insert return the first operation */
  public Future<JsonObject> insertInstance(String project, String zone, JsonObject instance, String requestId) {
    return send(zone, Actions.INSERT, target(project, null).put("body", instance).put("requestId", requestId));
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

  public Future<JsonObject> getSerialPortOutput(String project, String zone, String instance, int port, long start) {
    return send(zone, Actions.SERIAL_PORT, target(project, instance).put("port", port).put("start", start));
  }

  public Future<JsonObject> getOperation(String project, String zone, String operation) {
    return send(zone, Actions.OPERATION_GET, new JsonObject().put("project", project).put("operation", operation));
  }

  public Future<JsonObject> listOperations(String project, String zone, JsonObject options) {
    return send(zone, Actions.OPERATION_LIST, new JsonObject().put("project", project).put("list", options));
  }

  public Future<JsonObject> waitOperation(String project, String zone, String operation) {
    return send(zone, Actions.OPERATION_WAIT, new JsonObject().put("project", project).put("operation", operation));
  }

  public Future<JsonObject> deleteOperation(String project, String zone, String operation) {
    return send(zone, Actions.OPERATION_DELETE, new JsonObject().put("project", project).put("operation", operation));
  }

  /** Sends one command to the zone's owner; the reply body is the GCE JSON of the answer. */
  public Future<JsonObject> send(String zone, String action, JsonObject payload) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Actions.HEADER, action).setSendTimeout(timeoutMs);
    return vertx.eventBus().<JsonObject>request(Addresses.zone(zone), payload, options)
      .map(reply -> reply.body())
      .recover(failure -> Future.failedFuture(BusFailures.toGceError(failure)));
  }

  private static JsonObject target(String project, String instance) {
    JsonObject payload = new JsonObject().put("project", project);
    return instance == null ? payload : payload.put("instance", instance);
  }
}
