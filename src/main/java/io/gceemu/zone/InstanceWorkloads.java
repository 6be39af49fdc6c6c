package io.gceemu.zone;

import io.gceemu.gce.Links;
import io.gceemu.groups.InstanceGroupManagers;
import io.gceemu.runtime.Vm;
import io.gceemu.runtime.VmRuntime;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What runs behind the zone's instances follows their status: the VM runtime boots an instance
 * once it is RUNNING (again after a reset), halts it when it stops or suspends, and removes it
 * with the instance; when the zone loads (a restart, a move to another node), its RUNNING
 * instances boot again. Kept on the zone's event loop.
 */
final class InstanceWorkloads {

  private final VmRuntime runtime;
  /** Without a runtime (the default) nothing follows the instances: no set of them, no work on each commit or at load. */
  private final boolean active;
  /** The instances the runtime was asked to boot and not to halt since. */
  private final Set<Long> booted = new HashSet<>();

  InstanceWorkloads(VmRuntime runtime) {
    this.runtime = runtime;
    this.active = !runtime.name().equals("none");
  }

  /**
   * @param current how the zone holds the instance now that the step is written: with the
   *                addresses Postgres gave it, which the step does not carry yet
   */
  void committed(Step step, Function<Long, Instance> current) {
    if (!active || step.instance() == null || step.write() == Step.Write.NONE || step.write() == Step.Write.REPLAY) {
      return;
    }
    if (step.write() == Step.Write.DELETE) {
      booted.remove(step.instance().id());
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
        if (booted.add(instance.id()) || reset) {
          runtime.boot(vm(instance));
        }
      }
      case STOPPING, TERMINATED, SUSPENDING, SUSPENDED -> {
        if (booted.remove(instance.id())) {
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

  private static Vm vm(Instance instance) {
    JsonObject nic = instance.networkInterfaces().isEmpty() ? new JsonObject() : instance.networkInterfaces().getJsonObject(0);
    String network = nic.getString("network");
    List<String> tags = instance.tags().stream().map(String::valueOf).toList();
    return new Vm(instance.id(), instance.project(), instance.zone(), instance.name(), network == null ? null : Links.relative(network),
      nic.getString("networkIP"), tags,
      InstanceGroupManagers.metadata(instance.metadataItems(), "startup-script"),
      InstanceGroupManagers.metadata(instance.metadataItems(), "shutdown-script"));
  }
}
