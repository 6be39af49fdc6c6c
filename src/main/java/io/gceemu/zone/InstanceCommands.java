package io.gceemu.zone;

import io.gceemu.gce.Fingerprints;
import io.gceemu.gce.Labels;
import io.gceemu.gce.GceError;
import io.gceemu.gce.Ids;
import io.gceemu.groups.InstanceGroupManagers;
import io.gceemu.gce.ResourceNames;
import io.gceemu.resource.Resource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The instance methods as GCE rules them: each checks the request against the zone's state and
 * returns the first {@link Step} of the operation it starts, not yet written. Power actions that
 * would change nothing (start a RUNNING instance, stop a TERMINATED one) succeed as finished
 * operations, as on GCE; a lifecycle action while another one is in flight is resourceNotReady.
 */
final class InstanceCommands {

  private final String zone;
  private final InstanceFactory factory;
  private final ZoneState state;
  private final Progressions progressions;
  private final DiskAttachments attachments;

  InstanceCommands(String zone, InstanceFactory factory, ZoneState state, Progressions progressions, DiskAttachments attachments) {
    this.zone = zone;
    this.factory = factory;
    this.state = state;
    this.progressions = progressions;
    this.attachments = attachments;
  }

  /** @param referenced its networks and the global resources its disks are made from, read beforehand ({@link InstanceFactory#references}) */
  Step insert(String project, JsonObject body, Map<String, Resource> referenced, String requestId, Instant now) {
    Instance created = factory.create(project, body, referenced, now);
    if (state.exists(project, created.name())) {
      throw GceError.alreadyExists(created.path());
    }
    DiskAttachments.Attached disks = attachments.forInsert(created, body.getJsonArray("disks"), referenced, now);
    return begin(created.withDisks(disks.entries()), "insert", requestId, Step.Write.CREATE, now).with(disks.changes());
  }

  /** The one operation of a bulkInsert, DONE once its instances' inserts are stored. */
  Step bulkInserted(String project, String group, String requestId, Instant now) {
    Operation operation = Operation.begin(project, zone, null, "bulkInsert", "projects/" + project + "/zones/" + zone, Ids.newResourceId(),
      Progression.IMMEDIATE, requestId, now).inGroup(group);
    return new Step(null, operation.finished(now), Step.Write.NONE);
  }

  /** attachDisk; {@code force} attaches a disk another instance uses (forceAttach). */
  Step attachDisk(String project, String reference, JsonObject body, boolean force, String requestId, Instant now) {
    Instance current = state.instance(project, reference);
    DiskAttachments.Attached disks = attachments.attach(current, body, force, now);
    return begin(current.withDisks(disks.entries()), "attachDisk", requestId, Step.Write.UPDATE, now).with(disks.changes());
  }

  /** detachDisk, of the disk with {@code deviceName} (sent in the query). */
  Step detachDisk(String project, String reference, String deviceName, String requestId, Instant now) {
    Instance current = state.instance(project, reference);
    DiskAttachments.Attached disks = attachments.detach(current, deviceName, now);
    return begin(current.withDisks(disks.entries()), "detachDisk", requestId, Step.Write.UPDATE, now).with(disks.changes());
  }

  Step setDiskAutoDelete(String project, String reference, String deviceName, boolean autoDelete, String requestId, Instant now) {
    Instance current = state.instance(project, reference);
    return begin(current.withDisks(attachments.autoDelete(current, deviceName, autoDelete)), "setDiskAutoDelete", requestId,
      Step.Write.UPDATE, now);
  }

  Step addAccessConfig(String project, String reference, String nic, JsonObject config, String requestId, Instant now) {
    Instance current = state.instance(project, reference);
    return begin(current.withNetworkInterfaces(factory.networks().addAccessConfig(current.networkInterfaces(), nic, config)),
      "addAccessConfig", requestId, Step.Write.UPDATE, now);
  }

  Step deleteAccessConfig(String project, String reference, String nic, String config, String requestId, Instant now) {
    Instance current = state.instance(project, reference);
    return begin(current.withNetworkInterfaces(factory.networks().deleteAccessConfig(current.networkInterfaces(), nic, config)),
      "deleteAccessConfig", requestId, Step.Write.UPDATE, now);
  }

  Step updateNetworkInterface(String project, String reference, String nic, JsonObject body, String requestId, Instant now) {
    Instance current = state.instance(project, reference);
    return begin(current.withNetworkInterfaces(factory.networks().updateNetworkInterface(current.networkInterfaces(), nic, body)),
      "updateNetworkInterface", requestId, Step.Write.UPDATE, now);
  }

  /** Delete is accepted in any state; it takes over from whatever operation was driving the VM. */
  Step delete(String project, String reference, String requestId, Instant now) {
    Instance current = state.instance(project, reference);
    if (current.deletionProtection()) {
      throw new GceError(400, "invalidResourceUsage",
        "Invalid resource usage: 'Resource cannot be deleted if it's protected against deletion.'.");
    }
    return begin(current, "delete", requestId, Step.Write.UPDATE, now);
  }

  /**
   * start, and startWithEncryptionKey ({@code type}): the emulator keeps no disk encrypted, so the
   * keys the latter sends for its disks change nothing but the operation's type.
   */
  Step start(String project, String reference, String type, String requestId, Instant now) {
    Instance current = idle(project, reference);
    return switch (current.status()) {
      case RUNNING -> unchanged(current, type, requestId, now);
      case TERMINATED, STOPPED -> begin(current.withTimes(now, current.lastStop(), current.lastSuspended()), type, requestId,
        Step.Write.UPDATE, now);
      default -> throw GceError.notReady(current.path());
    };
  }

  /** A stop ends in TERMINATED, never STOPPED; a suspended VM can be stopped too. */
  Step stop(String project, String reference, String requestId, Instant now) {
    Instance current = idle(project, reference);
    return switch (current.status()) {
      case TERMINATED -> unchanged(current, "stop", requestId, now);
      case RUNNING, SUSPENDED -> begin(current.withTimes(current.lastStart(), now, current.lastSuspended()), "stop", requestId,
        Step.Write.UPDATE, now);
      default -> throw GceError.notReady(current.path());
    };
  }

  /** A host event ({@link HostMaintenance}): only a RUNNING instance is on a host. */
  Step hostEvent(String project, String reference, String type, String requestId, Instant now) {
    Instance current = idle(project, reference);
    if (current.status() != InstanceStatus.RUNNING) {
      throw GceError.notReady(current.path());
    }
    return begin(current, type, requestId, Step.Write.NONE, now);
  }

  /**
   * The VM shut itself down, as the runtime saw: TERMINATED at once, as GCE shows a guest's
   * shutdown, under the system event GCE records for it. A VM that is no longer RUNNING (a stop or
   * delete under way) has ended by that, not by itself.
   */
  Step guestTerminate(String project, String reference, Instant now) {
    Instance current = idle(project, reference);
    if (current.status() != InstanceStatus.RUNNING) {
      throw GceError.notReady(current.path());
    }
    Instance stopped = current.withTimes(current.lastStart(), now, current.lastSuspended()).withStatus(InstanceStatus.TERMINATED)
      .log(ConsoleEvents.shutdown(current, now));
    return new Step(stopped, operation(current, "compute.instances.guestTerminate", null, now).finished(now), Step.Write.UPDATE);
  }

  /**
   * setName, of a stopped instance (as GCE requires), quoting its current name; its disks and the
   * addresses it reserved follow it to the new name. The operation names the instance as it was.
   */
  Step setName(String project, String reference, JsonObject body, String requestId, Instant now) {
    Instance current = idle(project, reference);
    String name = body.getString("name");
    if (name == null) {
      throw GceError.required("resource.name");
    }
    ResourceNames.requireName("resource.name", name);
    if (body.getString("currentName") != null && !body.getString("currentName").equals(current.name())) {
      throw GceError.invalidValue("resource.currentName", body.getString("currentName"),
        "The current name does not match the instance's name.");
    }
    if (current.status() != InstanceStatus.TERMINATED) {
      throw GceError.notReady(current.path());
    }
    Instance renamed = current.withName(name);
    if (!name.equals(current.name()) && state.exists(project, name)) {
      throw GceError.alreadyExists(renamed.path());
    }
    return Transitions.begin(renamed, operation(current, "setName", requestId, now), Step.Write.UPDATE, now)
      .with(attachments.renamed(current, renamed, now));
  }

  /** A member abandoned by its group: no longer its, it keeps running as an instance of its own. */
  Step abandon(String project, String reference, Instant now) {
    Instance current = state.instance(project, reference);
    JsonArray items = new JsonArray(current.metadataItems().stream().map(JsonObject.class::cast)
      .filter(item -> !InstanceGroupManagers.CREATED_BY.equals(item.getString("key"))
        && !InstanceGroupManagers.INSTANCE_TEMPLATE.equals(item.getString("key"))).collect(Collectors.toList()));
    return begin(current.withMetadata(items), "setMetadata", null, Step.Write.UPDATE, now);
  }

  Step updateAccessConfig(String project, String reference, String nic, JsonObject body, String requestId, Instant now) {
    Instance current = state.instance(project, reference);
    return begin(current.withNetworkInterfaces(factory.networks().updateAccessConfig(current.networkInterfaces(), nic, body)),
      "updateAccessConfig", requestId, Step.Write.UPDATE, now);
  }

  Step setSecurityPolicy(String project, String reference, JsonObject body, String requestId, Instant now) {
    Instance current = state.instance(project, reference);
    return begin(current.withNetworkInterfaces(factory.networks().setSecurityPolicy(current.networkInterfaces(), body)),
      "setSecurityPolicy", requestId, Step.Write.UPDATE, now);
  }

  Step reset(String project, String reference, String requestId, Instant now) {
    Instance current = idle(project, reference);
    if (current.status() != InstanceStatus.RUNNING) {
      throw GceError.notReady(current.path());
    }
    return begin(current, "reset", requestId, Step.Write.NONE, now);
  }

  Step suspend(String project, String reference, String requestId, Instant now) {
    Instance current = idle(project, reference);
    return switch (current.status()) {
      case SUSPENDED -> unchanged(current, "suspend", requestId, now);
      case RUNNING -> begin(current.withTimes(current.lastStart(), current.lastStop(), now), "suspend", requestId,
        Step.Write.UPDATE, now);
      default -> throw GceError.notReady(current.path());
    };
  }

  Step resume(String project, String reference, String requestId, Instant now) {
    Instance current = idle(project, reference);
    return switch (current.status()) {
      case RUNNING -> unchanged(current, "resume", requestId, now);
      case SUSPENDED -> begin(current, "resume", requestId, Step.Write.UPDATE, now);
      default -> throw GceError.notReady(current.path());
    };
  }

  /** GCE changes the machine type only of a stopped VM. */
  Step setMachineType(String project, String reference, JsonObject body, String requestId, Instant now) {
    Instance current = idle(project, reference);
    String type = factory.machineType("machineType", body.getString("machineType"));
    if (current.status() != InstanceStatus.TERMINATED) {
      throw GceError.notReady(current.path());
    }
    return begin(current.withMachineType(type), "setMachineType", requestId, Step.Write.UPDATE, now);
  }

  /** One of the methods that set a field from their body ({@link InstanceSetters}). */
  Step set(InstanceSetters setter, String project, String reference, JsonObject body, String requestId, Instant now) {
    Instance current = idle(project, reference);
    return begin(current.withDescriptionAndAttributes(current.description(), setter.apply(current, body)), setter.method(), requestId,
      Step.Write.UPDATE, now);
  }

  Step setDeletionProtection(String project, String reference, boolean protect, String requestId, Instant now) {
    Instance current = state.instance(project, reference);
    JsonObject attributes = current.attributes().copy().put("deletionProtection", protect);
    return begin(current.withDescriptionAndAttributes(current.description(), attributes), "setDeletionProtection", requestId,
      Step.Write.UPDATE, now);
  }

  Step setLabels(String project, String reference, JsonObject body, String requestId, Instant now) {
    return setFingerprinted(project, reference, requestId, now, "setLabels", Instance::labelFingerprint, body.getString("labelFingerprint"),
      "Labels fingerprint either invalid or resource labels have changed",
      current -> current.withLabels(Labels.checked("", body.getJsonObject("labels"))));
  }

  Step setMetadata(String project, String reference, JsonObject body, String requestId, Instant now) {
    return setFingerprinted(project, reference, requestId, now, "setMetadata", Instance::metadataFingerprint, body.getString("fingerprint"),
      "Supplied fingerprint does not match current metadata fingerprint.",
      current -> current.withMetadata(InstanceRules.metadataItems("", body.getJsonArray("items"))));
  }

  Step setTags(String project, String reference, JsonObject body, String requestId, Instant now) {
    return setFingerprinted(project, reference, requestId, now, "setTags", Instance::tagsFingerprint, body.getString("fingerprint"),
      "Invalid fingerprint.", current -> current.withTags(InstanceRules.tags("", body.getJsonArray("items"))));
  }

  /**
   * {@code instances.update} (PUT): replaces the updatable fields from a whole Instance that quotes
   * the current {@code fingerprint}. A different machine type needs a stopped VM, as for
   * setMachineType; interfaces and disks keep their own methods and are left as they are.
   */
  Step update(String project, String reference, JsonObject body, String requestId, Instant now) {
    Instance current = idle(project, reference);
    if (!Fingerprints.matches(current.fingerprint(), body.getString("fingerprint"))) {
      throw GceError.conditionNotMet("Supplied fingerprint does not match current instance fingerprint.");
    }
    if (body.getString("name") != null && !body.getString("name").equals(current.name())) {
      throw GceError.invalidValue("resource.name", body.getString("name"), "Instance name cannot be changed.");
    }
    Instance next = current
      .withLabels(Labels.checked("resource.", body.getJsonObject("labels")))
      .withTags(InstanceRules.tags("resource.", body.getJsonObject("tags", new JsonObject()).getJsonArray("items")))
      .withMetadata(InstanceRules.metadataItems("resource.", body.getJsonObject("metadata", new JsonObject()).getJsonArray("items")))
      .withDescriptionAndAttributes(body.getString("description"), InstanceFactory.attributes(body));
    String type = body.getString("machineType") == null ? current.machineType() : factory.machineType("resource.machineType", body.getString("machineType"));
    if (!type.equals(current.machineType())) {
      if (current.status() != InstanceStatus.TERMINATED) {
        throw GceError.notReady(current.path());
      }
      next = next.withMachineType(type);
    }
    return begin(next, "update", requestId, Step.Write.UPDATE, now);
  }

  /**
   * GCE's optimistic locking: a setter must quote the fingerprint of what it replaces; a missing
   * or stale one is 412 with the setter's own text (Terraform retries only on those exact texts).
   */
  private Step setFingerprinted(String project, String reference, String requestId, Instant now, String operationType,
                                Function<Instance, String> fingerprint, String supplied, String staleMessage,
                                UnaryOperator<Instance> change) {
    Instance current = state.instance(project, reference);
    if (!Fingerprints.matches(fingerprint.apply(current), supplied)) {
      throw GceError.conditionNotMet(staleMessage);
    }
    return begin(change.apply(current), operationType, requestId, Step.Write.UPDATE, now);
  }

  /** The instance, provided no other lifecycle operation is taking it through its states. */
  private Instance idle(String project, String reference) {
    Instance current = state.instance(project, reference);
    if (state.busy(current)) {
      throw GceError.notReady(current.path());
    }
    return current;
  }

  private Step begin(Instance changed, String type, String requestId, Step.Write write, Instant now) {
    return Transitions.begin(changed, operation(changed, type, requestId, now), write, now);
  }

  private Step unchanged(Instance current, String type, String requestId, Instant now) {
    return new Step(current, operation(current, type, requestId, now).finished(now), Step.Write.NONE);
  }

  private Operation operation(Instance target, String type, String requestId, Instant now) {
    return Operation.begin(target.project(), zone, null, type, target.path(), target.id(),
      progressions.forMethod(Lifecycle.instanceMethod(type)), requestId, now);
  }

  /**
   * An injected fault: the request is accepted and its operation ends at once in {@code error},
   * changing nothing, as GCE reports capacity shortages ({@code ZONE_RESOURCE_POOL_EXHAUSTED}).
   */
  Step failed(String project, String instance, String type, JsonObject error, String requestId, Instant now) {
    boolean bulk = "bulkInsert".equals(type);
    String path = "projects/" + project + "/zones/" + zone + (bulk ? "" : "/instances/" + instance);
    long targetId = "insert".equals(type) || bulk ? Ids.newResourceId() : state.instance(project, instance).id();
    Operation operation = Operation.begin(project, zone, null, type, path, targetId, progressions.forMethod(Lifecycle.instanceMethod(type)),
      requestId, now);
    return new Step(null, operation.failed(now, error), Step.Write.NONE);
  }
}
