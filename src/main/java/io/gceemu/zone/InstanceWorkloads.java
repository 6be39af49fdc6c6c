package io.gceemu.zone;

import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.MachineType;
import io.gceemu.disks.Disks;
import io.gceemu.gce.Links;
import io.gceemu.resource.Resource;
import io.gceemu.resource.ResourceIndex;
import io.gceemu.runtime.Vm;
import io.gceemu.runtime.VmDisk;
import io.gceemu.runtime.VmRuntime;
import io.gceemu.snapshots.Snapshots;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What runs behind the zone's instances follows their status: the VM runtime boots an instance
 * once it is RUNNING (again after a reset), mounts and unmounts the disks attached to it and
 * detached from it meanwhile, halts it when it stops, freezes it while it is suspended, and removes it with the
 * instance; a deleted disk's files go with it, and a snapshot keeps the files of its disk; when the zone loads (a restart, a move to another node), its RUNNING
 * instances boot again. Kept on the zone's event loop.
 */
final class InstanceWorkloads {

  private final VmRuntime runtime;
  /** The zone's disks, which name the files the instances' disks are. */
  private final ResourceIndex resources;
  /** The machine types, whose vCPUs and memory are the VMs' limits. */
  private final Catalog catalog;
  /** Without a runtime (the default) nothing follows the instances: no set of them, no work on each commit or at load. */
  private final boolean active;
  /** The instances the runtime was asked to boot and not to halt or suspend since. */
  private final Set<Long> booted = new HashSet<>();
  /** The instances the runtime froze, which a resume thaws. */
  private final Set<Long> suspended = new HashSet<>();

  InstanceWorkloads(VmRuntime runtime, ResourceIndex resources, Catalog catalog) {
    this.runtime = runtime;
    this.catalog = catalog;
    this.resources = resources;
    this.active = !runtime.name().equals("none");
  }

  /**
   * @param current how the zone holds the instance now that the step is written: with the
   *                addresses Postgres gave it, which the step does not carry yet
   */
  void committed(Step step, Function<Long, Instance> current) {
    if (!active || step.write() == Step.Write.REPLAY) {
      return;
    }
    if (step.instance() != null && step.write() != Step.Write.NONE) {
      follow(step, current);
    }
    // After the instance's own change, so that a disk deleted with its instance goes once the VM no longer runs on it.
    for (Resource.Change change : step.resources()) {
      Resource resource = change.resource();
      if (change.deleted() && resource.collection().equals(Disks.COLLECTION)) {
        runtime.diskDeleted(resource.id());
      } else if (!change.deleted() && resource.collection().equals(Snapshots.COLLECTION)) {
        runtime.imageMade(resource.id(), resource.document());
      }
    }
  }

  private void follow(Step step, Function<Long, Instance> current) {
    if (step.write() == Step.Write.DELETE) {
      booted.remove(step.instance().id());
      suspended.remove(step.instance().id());
      runtime.remove(step.instance().id());
      return;
    }
    Instance instance = current.apply(step.instance().id());
    if (instance == null) {
      return;
    }
    switch (instance.status()) {
      case RUNNING -> {
        boolean reset = step.operation().done() && step.operation().operationType().equals("reset");
        if (suspended.remove(instance.id())) {
          booted.add(instance.id());
          runtime.resume(instance.id());
        } else if (booted.add(instance.id()) || reset) {
          runtime.boot(vm(instance));
        } else {
          runtime.update(vm(instance));
        }
      }
      case SUSPENDING, SUSPENDED -> {
        if (booted.remove(instance.id())) {
          suspended.add(instance.id());
          runtime.suspend(instance.id());
        }
      }
      case STOPPING, TERMINATED -> {
        if (booted.remove(instance.id()) | suspended.remove(instance.id())) {
          runtime.halt(instance.id());
        }
      }
      default -> {
      }
    }
  }

  /** After the zone's state is loaded: its RUNNING instances boot, their sandboxes gone with the emulator that ran them. */
  void loaded(Collection<Instance> instances) {
    booted.clear();
    suspended.clear();
    if (!active) {
      return;
    }
    instances.stream().filter(instance -> instance.status() == InstanceStatus.RUNNING).forEach(instance -> {
      booted.add(instance.id());
      runtime.boot(vm(instance));
    });
  }

  /** The instance's real serial output, when the runtime runs it. */
  Future<Optional<Buffer>> console(Instance instance) {
    return runtime.console(instance.id());
  }

  private Vm vm(Instance instance) {
    JsonObject nic = instance.networkInterfaces().isEmpty() ? new JsonObject() : instance.networkInterfaces().getJsonObject(0);
    String network = nic.getString("network");
    List<String> tags = instance.tags().stream().map(String::valueOf).toList();
    Optional<MachineType> type = catalog.machineType(instance.machineType());
    return new Vm(instance.id(), instance.project(), instance.zone(), instance.name(), network == null ? null : Links.relative(network),
      nic.getString("networkIP"), natIP(nic), tags, disks(instance),
      type.map(found -> found.spec().getInteger("guestCpus", 1)).orElse(1),
      type.map(found -> found.spec().getLong("memoryMb", 1024L)).orElse(1024L));
  }

  private static String natIP(JsonObject nic) {
    JsonArray configs = nic.getJsonArray("accessConfigs", new JsonArray());
    return configs.isEmpty() ? null : configs.getJsonObject(0).getString("natIP");
  }

  /** The instance's disks of this zone, as their files are mounted; a regional disk's files are not emulated. */
  private List<VmDisk> disks(Instance instance) {
    List<VmDisk> disks = new ArrayList<>();
    for (Object item : instance.disks()) {
      JsonObject entry = (JsonObject) item;
      String source = entry.getString("source", "");
      resources.named(Disks.COLLECTION, Links.segmentAfter(source, "projects"), Links.lastSegment(source)).ifPresent(disk ->
        disks.add(new VmDisk(disk.id(), entry.getString("deviceName"), entry.getBoolean("boot", false),
          "READ_ONLY".equals(entry.getString("mode")), disk.document().getString("sourceImage"),
          disk.document().getString("sourceSnapshot"))));
    }
    return disks;
  }
}
