package io.gceemu.store;

import io.gceemu.resource.Resource;
import io.gceemu.zone.Instance;
import io.gceemu.zone.Operation;
import io.gceemu.zone.Step;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The net effect of a batch of steps, which is what one group commit writes: each instance once
 * (created, changed or deleted; created and deleted in the same batch, not at all) and each
 * operation and other resource in its last state. Deleting first lets a name freed in the batch be taken again in it.
 */
final class NetChanges {

  private enum Kind { CREATE, UPDATE, DELETE, VANISH }

  private record Net(Kind kind, Instance instance) {
  }

  private final Map<Long, Net> instances = new LinkedHashMap<>();
  private final Map<Long, Operation> operations = new LinkedHashMap<>();
  private final Map<Long, Resource.Change> resources = new LinkedHashMap<>();
  private final Map<Long, Integer> resourceSteps = new HashMap<>();
  /**
   * Which step of the batch each instance's row and each operation's row is written for: the step
   * that created the instance, else the last that changed it, and an operation's last step. A
   * failure to store a row is that step's command's.
   */
  private final Map<Long, Integer> instanceSteps = new HashMap<>();
  private final Map<Long, Integer> operationSteps = new HashMap<>();

  NetChanges(List<Step> steps) {
    for (int index = 0; index < steps.size(); index++) {
      Step step = steps.get(index);
      if (step.write() == Step.Write.REPLAY) {
        continue;
      }
      if (step.write() != Step.Write.NONE) {
        Instance instance = step.instance();
        Net before = instances.get(instance.id());
        instances.put(instance.id(), new Net(combine(before == null ? null : before.kind(), step.write()), instance));
        if (before == null || before.kind() == Kind.UPDATE) {
          instanceSteps.put(instance.id(), index);
        }
      }
      for (Resource.Change change : step.resources()) {
        resources.put(change.resource().id(), change);
        resourceSteps.put(change.resource().id(), index);
      }
      operations.put(step.operation().id(), step.operation());
      operationSteps.put(step.operation().id(), index);
    }
  }

  private static Kind combine(Kind before, Step.Write write) {
    Kind now = switch (write) {
      case CREATE -> Kind.CREATE;
      case DELETE -> Kind.DELETE;
      default -> Kind.UPDATE;
    };
    if (before == Kind.CREATE) {
      return now == Kind.DELETE ? Kind.VANISH : Kind.CREATE;
    }
    return before == Kind.DELETE || before == Kind.VANISH ? before : now;
  }

  List<Instance> created() {
    return of(Kind.CREATE);
  }

  List<Instance> updated() {
    return of(Kind.UPDATE);
  }

  List<Instance> deleted() {
    return of(Kind.DELETE);
  }

  /** The index of the step an instance's row is written for; the batch writes one for it. */
  int stepOf(long instanceId) {
    return instanceSteps.get(instanceId);
  }

  int stepOf(Operation operation) {
    return operationSteps.get(operation.id());
  }

  /** The resources the batch leaves in place, created or changed. */
  List<Resource> resourcesKept() {
    return resources.values().stream().filter(change -> !change.deleted()).map(Resource.Change::resource).toList();
  }

  List<Resource> resourcesDeleted() {
    return resources.values().stream().filter(Resource.Change::deleted).map(Resource.Change::resource).toList();
  }

  int stepOf(Resource resource) {
    return resourceSteps.get(resource.id());
  }

  List<Operation> operations() {
    return List.copyOf(operations.values());
  }

  private List<Instance> of(Kind kind) {
    List<Instance> result = new ArrayList<>();
    instances.values().stream().filter(net -> net.kind() == kind).forEach(net -> result.add(net.instance()));
    return result;
  }
}
