package io.gceemu.zone;

/**
 * One step of an operation, written to Postgres in one transaction: the operation as it becomes
 * and what happens to its instance. Steps taken together (an {@code immediate} operation takes all
 * of its phases at once) combine into one write.
 *
 * @param instance the instance after the step; for {@link Write#DELETE}, the one removed
 */
public record Step(Instance instance, Operation operation, Write write) {

  /**
   * What happens to the instance: created, changed, deleted, or nothing (the operation alone is
   * saved). REPLAY answers again with an operation that is stored already and writes nothing.
   */
  public enum Write { CREATE, UPDATE, DELETE, NONE, REPLAY }

  static Step replay(Operation operation) {
    return new Step(null, operation, Write.REPLAY);
  }

  Step then(Step next) {
    return new Step(next.instance, next.operation, combine(write, next.write));
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
