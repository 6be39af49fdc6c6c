package io.gceemu.zone;

import io.gceemu.resource.Resource;

import java.time.Instant;
import java.util.List;

/**
 * The pure rules that move a declared collection's operation from phase to phase, and its
 * resource's status with it: a disk being inserted is CREATING, then READY when its operation is
 * DONE. The zone decides when (at once, on a timer, on reads), as for instances.
 */
final class ResourceTransitions {

  private ResourceTransitions() {
  }

  /** The resource in the first phase of the operation that makes it, which starts now. */
  static Step begin(Resource resource, Operation operation, Instant now) {
    String method = Lifecycle.method(operation);
    Resource shown = withStatus(resource, Lifecycle.resourcePhases(method).get(0).name());
    return new Step(null, operation.atPhase(0, Transitions.due(operation, 0, now)), Step.Write.NONE, List.of(Resource.Change.put(shown)));
  }

  static Step advance(Resource current, Operation operation, Instant now) {
    String method = Lifecycle.method(operation);
    List<Lifecycle.Phase> phases = Lifecycle.resourcePhases(method);
    int next = operation.phase() + 1;
    if (next < phases.size()) {
      return new Step(null, operation.atPhase(next, Transitions.due(operation, next, now)), Step.Write.NONE,
        List.of(Resource.Change.put(withStatus(current, phases.get(next).name()))));
    }
    String end = Lifecycle.resourceEndStatus(method);
    List<Resource.Change> changes = end == null ? List.of() : List.of(Resource.Change.put(withStatus(current, end)));
    return new Step(null, operation.finished(now), Step.Write.NONE, changes);
  }

  private static Resource withStatus(Resource resource, String status) {
    return resource.with(resource.document().copy().put("status", status));
  }
}
