package io.gceemu.zone;

import io.gceemu.resource.Resource;

import java.time.Instant;
import java.util.List;

/**
 * The pure rules that move a declared collection's operation from phase to phase, and its
 * resource's status with it: a disk being inserted is CREATING, then READY when its operation is
 * DONE. The zone decides when (at once, on a timer, on reads), as for instances.
 */
public final class ResourceTransitions {

  private ResourceTransitions() {
  }

  /**
   * The resource in the first phase of the operation that makes it, which starts now; made at once,
   * with its operation DONE, when its collection declares no phases.
   */
  public static Step begin(Resource resource, Operation operation, Instant now) {
    List<Lifecycle.Phase> phases = Lifecycle.resourcePhases(Lifecycle.method(operation));
    if (phases.isEmpty()) {
      return new Step(null, operation.finished(now), Step.Write.NONE, List.of(Resource.Change.put(resource)));
    }
    Resource shown = withStatus(resource, phases.get(0).name());
    return new Step(null, operation.atPhase(0, Transitions.due(operation, 0, now)), Step.Write.NONE, List.of(Resource.Change.put(shown)));
  }

  /** The next phase, or the end; an operation whose resource is gone simply finishes. */
  public static Step advance(Resource current, Operation operation, Instant now) {
    if (current == null) {
      return new Step(null, operation.finished(now), Step.Write.NONE);
    }
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

  /** The step with every phase an {@code immediate} operation has taken at once, as one write. */
  public static Step immediately(Step step, Instant now) {
    Step result = step;
    while (!result.operation().done() && result.operation().progression().mode() == Progression.Mode.IMMEDIATE) {
      result = result.then(advance(made(result), result.operation(), now));
    }
    return result;
  }

  /**
   * {@code operation} carries on under {@code next} from the phase it is in, which starts over: in
   * {@code time} progression it ends a whole phase from now.
   */
  public static Step continueUnder(Resource current, Operation operation, Progression next, Instant now) {
    Operation continued = operation.under(next);
    return new Step(null, continued.atPhase(continued.phase(), Transitions.due(continued, continued.phase(), now)), Step.Write.NONE,
      current == null ? List.of() : List.of(Resource.Change.put(current)));
  }

  /** The resource as the step leaves it, or null for none. */
  public static Resource made(Step step) {
    List<Resource.Change> changes = step.resources();
    return changes.isEmpty() || changes.get(changes.size() - 1).deleted() ? null : changes.get(changes.size() - 1).resource();
  }

  private static Resource withStatus(Resource resource, String status) {
    return resource.with(resource.document().copy().put("status", status));
  }
}
