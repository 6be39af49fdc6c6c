package io.gceemu.zone;

import io.gceemu.bus.Actions;
import io.gceemu.bus.Addresses;
import io.gceemu.bus.BusFailures;
import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.Zone;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Ids;
import io.gceemu.gce.Links;
import io.gceemu.gce.Timestamps;
import io.gceemu.list.ListRequest;
import io.gceemu.store.ZoneStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Comparator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The actor that owns one zone: its instances and operations live only here, are changed only on
 * this verticle's event loop, and every change is committed to Postgres before it becomes visible
 * or is acknowledged. Mutations run one after another (each waits for the previous commit), so
 * the state a mutation was validated against is the state it is applied to.
 */
public final class ZoneVerticle extends VerticleBase {

  private final Zone zone;
  private final ZoneStore store;
  private final ResourceJson json;
  private final InstanceFactory factory;
  private final ZoneState state;
  private Future<?> lastWrite = Future.succeededFuture();

  public ZoneVerticle(Zone zone, Catalog catalog, ZoneStore store, Links links) {
    this.zone = zone;
    this.store = store;
    this.json = new ResourceJson(links);
    this.factory = new InstanceFactory(catalog, zone);
    this.state = new ZoneState(zone.name());
  }

  @Override
  public Future<?> start() {
    return store.loadInstances(zone.name())
      .compose(instances -> {
        instances.forEach(state::put);
        return store.loadOperations(zone.name());
      })
      .compose(operations -> {
        operations.forEach(state::put);
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.zone(zone.name()), this::handle);
        return consumer.completion();
      });
  }

  private void handle(Message<JsonObject> message) {
    Future<JsonObject> reply;
    try {
      reply = dispatch(message.headers().get(Actions.HEADER), message.body() == null ? new JsonObject() : message.body());
    } catch (GceError | ClassCastException | IllegalArgumentException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(done -> {
      if (done.succeeded()) {
        message.reply(done.result());
      } else {
        BusFailures.reply(message, asGceError(done.cause()));
      }
    });
  }

  private Future<JsonObject> dispatch(String action, JsonObject request) {
    if (Actions.PING.equals(action)) {
      return Future.succeededFuture(new JsonObject().put("zone", zone.name()));
    }
    String project = request.getString("project");
    if (project == null) {
      throw GceError.required("project");
    }
    String instance = request.getString("instance");
    String requestId = request.getString("requestId");
    return switch (action == null ? "" : action) {
      case Actions.GET -> Future.succeededFuture(json.instance(state.instance(project, instance)));
      case Actions.LIST -> Future.succeededFuture(listInstances(project, request));
      case Actions.SERIAL_PORT -> Future.succeededFuture(serialPort(state.instance(project, instance), request));
      case Actions.INSERT -> mutate(project, requestId, () -> insert(project, request.getJsonObject("body", new JsonObject()), requestId));
      case Actions.DELETE -> mutate(project, requestId, () -> delete(project, instance, requestId));
      case Actions.START -> mutate(project, requestId, () -> start(project, instance, requestId));
      case Actions.STOP -> mutate(project, requestId, () -> stop(project, instance, requestId));
      case Actions.RESET -> mutate(project, requestId, () -> reset(project, instance, requestId));
      case Actions.SET_LABELS -> mutate(project, requestId, () -> setLabels(project, instance, body(request), requestId));
      case Actions.SET_METADATA -> mutate(project, requestId, () -> setMetadata(project, instance, body(request), requestId));
      case Actions.SET_TAGS -> mutate(project, requestId, () -> setTags(project, instance, body(request), requestId));
      case Actions.OPERATION_GET, Actions.OPERATION_WAIT ->
        Future.succeededFuture(json.operation(state.operation(project, request.getString("operation"))));
      case Actions.OPERATION_LIST -> Future.succeededFuture(listOperations(project, request));
      case Actions.OPERATION_DELETE -> serially(() -> deleteOperation(project, request.getString("operation")));
      default -> throw new GceError(400, "invalid", "Unknown action '" + action + "'.");
    };
  }

  // ---- mutations: each returns the operation once its transaction has committed ----

  private Future<Operation> insert(String project, JsonObject body, String requestId) {
    Instant now = Timestamps.now();
    Instance created = factory.create(project, body, now);
    if (state.exists(project, created.name())) {
      throw GceError.alreadyExists(created.path());
    }
    Operation operation = operation(project, "insert", created, requestId, now);
    return store.insert(created, factory.region(), operation).map(stored -> {
      state.put(stored);
      return record(operation);
    });
  }

  private Future<Operation> delete(String project, String reference, String requestId) {
    Instance current = state.instance(project, reference);
    if (current.attributes().getBoolean("deletionProtection", false)) {
      throw new GceError(400, "invalid",
        "Invalid resource usage: 'Resource cannot be deleted if it's protected against deletion.'.");
    }
    Operation operation = operation(project, "delete", current, requestId, Timestamps.now());
    return store.delete(current, operation).map(v -> {
      state.remove(current);
      return record(operation);
    });
  }

  /** Starting a RUNNING instance succeeds and changes nothing, as on GCE. */
  private Future<Operation> start(String project, String reference, String requestId) {
    Instance current = state.instance(project, reference);
    Instant now = Timestamps.now();
    Instance next = switch (current.status()) {
      case RUNNING -> current;
      case TERMINATED, STOPPED -> current.withStatus(InstanceStatus.RUNNING, now, current.lastStop());
      default -> throw GceError.notReady(current.path());
    };
    return update(current, next, operation(project, "start", current, requestId, now));
  }

  /** Stopping ends in TERMINATED (never STOPPED); stopping a TERMINATED instance is a no-op. */
  private Future<Operation> stop(String project, String reference, String requestId) {
    Instance current = state.instance(project, reference);
    Instant now = Timestamps.now();
    Instance next = current.status() == InstanceStatus.TERMINATED
      ? current
      : current.withStatus(InstanceStatus.TERMINATED, current.lastStart(), now);
    return update(current, next, operation(project, "stop", current, requestId, now));
  }

  /** A hard reset needs a running VM; on any other state GCE answers resourceNotReady. */
  private Future<Operation> reset(String project, String reference, String requestId) {
    Instance current = state.instance(project, reference);
    if (current.status() != InstanceStatus.RUNNING) {
      throw GceError.notReady(current.path());
    }
    Instant now = Timestamps.now();
    return update(current, current.withStatus(InstanceStatus.RUNNING, now, current.lastStop()),
      operation(project, "reset", current, requestId, now));
  }

  private Future<Operation> setLabels(String project, String reference, JsonObject body, String requestId) {
    return setFingerprinted(project, reference, requestId, "setLabels", Instance::labelFingerprint, body.getString("labelFingerprint"),
      "Labels fingerprint either invalid or resource labels have changed",
      current -> current.withLabels(InstanceRules.labels("", body.getJsonObject("labels"))));
  }

  private Future<Operation> setMetadata(String project, String reference, JsonObject body, String requestId) {
    return setFingerprinted(project, reference, requestId, "setMetadata", Instance::metadataFingerprint, body.getString("fingerprint"),
      "Supplied fingerprint does not match current metadata fingerprint.",
      current -> current.withMetadata(InstanceRules.metadataItems("", body.getJsonArray("items"))));
  }

  private Future<Operation> setTags(String project, String reference, JsonObject body, String requestId) {
    return setFingerprinted(project, reference, requestId, "setTags", Instance::tagsFingerprint, body.getString("fingerprint"),
      "Invalid fingerprint.", current -> current.withTags(InstanceRules.tags("", body.getJsonArray("items"))));
  }

  /**
   * GCE's optimistic locking: a setter must quote the fingerprint of what it replaces; a missing
   * or stale one is 412 with the setter's own text (Terraform retries only on those exact texts).
   */
  private Future<Operation> setFingerprinted(String project, String reference, String requestId, String operationType,
                                             Function<Instance, String> fingerprint, String supplied, String staleMessage,
                                             UnaryOperator<Instance> change) {
    Instance current = state.instance(project, reference);
    if (!fingerprint.apply(current).equals(supplied)) {
      throw GceError.conditionNotMet(staleMessage);
    }
    return update(current, change.apply(current), operation(project, operationType, current, requestId, Timestamps.now()));
  }

  private Future<JsonObject> deleteOperation(String project, String reference) {
    Operation operation = state.operation(project, reference);
    return store.deleteOperation(operation).map(v -> {
      state.remove(operation);
      return new JsonObject();
    });
  }

  private Future<Operation> update(Instance current, Instance next, Operation operation) {
    return store.update(next, operation).map(v -> {
      state.put(next);
      return record(operation);
    });
  }

  private Operation record(Operation operation) {
    state.put(operation);
    return operation;
  }

  private Operation operation(String project, String type, Instance target, String requestId, Instant now) {
    return new Operation(Ids.newResourceId(), Ids.newOperationName(now.toEpochMilli()), project, zone.name(), type,
      target.path(), target.id(), now, now, now, requestId);
  }

  /**
   * Runs a mutation after the previous one has committed. A retried {@code requestId} gets the
   * operation of the first request back instead of acting twice.
   */
  private Future<JsonObject> mutate(String project, String requestId, Supplier<Future<Operation>> mutation) {
    return serially(() -> {
      Operation earlier = state.operationForRequest(project, requestId);
      return (earlier != null ? Future.succeededFuture(earlier) : mutation.get()).map(json::operation);
    });
  }

  private <T> Future<T> serially(Supplier<Future<T>> step) {
    Future<T> result = lastWrite.transform(previous -> {
      try {
        return step.get();
      } catch (GceError | ClassCastException | IllegalArgumentException e) {
        return Future.failedFuture(e);
      }
    });
    lastWrite = result;
    return result;
  }

  // ---- reads ----

  private JsonObject listInstances(String project, JsonObject request) {
    ListRequest list = ListRequest.from(request.getJsonObject("list"));
    Comparator<Instance> created = Comparator.comparing(Instance::created);
    if (request.getBoolean("all", false)) {
      // Aggregated lists page across zones themselves, so they ask each zone for every match.
      return new JsonObject().put("items", new JsonArray(list.matching(state.instances(project), json::instance, Instance::name, created)));
    }
    String self = Links.zone(project, zone.name()) + "/instances";
    return list.page(state.instances(project), json::instance, Instance::name, created)
      .writeTo(new JsonObject().put("kind", "compute#instanceList").put("id", self))
      .put("selfLink", json.link(self));
  }

  private JsonObject listOperations(String project, JsonObject request) {
    ListRequest list = ListRequest.from(request.getJsonObject("list"));
    String self = Links.zone(project, zone.name()) + "/operations";
    return list.page(state.operations(project), json::operation, Operation::name, Comparator.comparing(Operation::insertTime))
      .writeTo(new JsonObject().put("kind", "compute#operationList").put("id", self))
      .put("selfLink", json.link(self));
  }

  private JsonObject serialPort(Instance instance, JsonObject request) {
    String contents = SerialConsole.contents(instance, request.getInteger("port", 1));
    long start = Math.max(0, Math.min(request.getLong("start", 0L), SerialConsole.length(contents)));
    return new JsonObject()
      .put("kind", "compute#serialPortOutput")
      .put("contents", SerialConsole.from(contents, start))
      .put("start", Long.toString(start))
      .put("next", Long.toString(SerialConsole.length(contents)))
      .put("selfLink", json.link(instance.path() + "/serialPort"));
  }

  private static JsonObject body(JsonObject request) {
    JsonObject body = request.getJsonObject("body");
    return body == null ? new JsonObject() : body;
  }

  private static GceError asGceError(Throwable failure) {
    if (failure instanceof ClassCastException || failure instanceof IllegalArgumentException) {
      // Only bus callers, who skip the router's schemas, can send a field of the wrong JSON type.
      return new GceError(400, "invalid", "Invalid value in the request: a field has the wrong type.");
    }
    return BusFailures.toGceError(failure);
  }
}
