package io.gceemu.zone;

import io.gceemu.resource.Resource;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of an operation, written to Postgres in one transaction: the operation as it becomes
 * and what happens to its instance. Steps taken together (an {@code immediate} operation takes all
 * of its phases at once) combine into one write.
 *
 * @param instance  the instance after the step; for {@link Write#DELETE}, the one removed
 * @param resources what happens to the zone's other resources, in order: a disk created, attached,
 *                  detached or deleted
 */
public record Step(Instance instance, Operation operation, Write write, List<Resource.Change> resources) {

  public Step(Instance instance, Operation operation, Write write) {
    this(instance, operation, write, List.of());
  }

  /**
   * What happens to the instance: created, changed, deleted, or nothing (the operation alone is
   * saved). REPLAY answers again with an operation that is stored already and writes nothing.
   */
  public enum Write { CREATE, UPDATE, DELETE, NONE, REPLAY }

  static Step replay(Operation operation) {
    return new Step(null, operation, Write.REPLAY);
  }

  Step then(Step next) {
    return new Step(next.instance, next.operation, combine(write, next.write), joined(resources, next.resources));
  }

  /** The step, its operation one of a group's (a bulkInsert's). */
  Step inGroup(String group) {
    return new Step(instance, operation.inGroup(group), write, resources);
  }

  /** The step, with more changes to the zone's other resources. */
  Step with(List<Resource.Change> more) {
    return more.isEmpty() ? this : new Step(instance, operation, write, joined(resources, more));
  }

  private static List<Resource.Change> joined(List<Resource.Change> first, List<Resource.Change> second) {
    if (first.isEmpty() || second.isEmpty()) {
      return first.isEmpty() ? second : first;
    }
    List<Resource.Change> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static Write combine(Write first, Write second) {
    if (first == Write.CREATE || second == Write.NONE) {
      return first;
    }
    if (first == Write.NONE || second == Write.DELETE) {
      return second;
    }
    return Write.UPDATE;
  }
}
