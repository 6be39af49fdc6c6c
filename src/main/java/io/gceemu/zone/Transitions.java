package io.gceemu.zone;

import java.time.Instant;
import java.util.List;

/**
 * The pure rules that move an operation and its instance from phase to phase. The zone verticle
 * decides when (at once, on a timer, on reads); this class decides what.
 */
final class Transitions {

  private Transitions() {
  }

  /** Enters the first phase of {@code operation} on an instance the command has already changed. */
  static Step begin(Instance changed, Operation operation, Step.Write write, Instant now) {
    Lifecycle.Phase first = Lifecycle.phases(operation.operationType()).get(0);
    Instance instance = first.status() != null ? changed.withStatus(first.status()) : changed;
    return new Step(instance, operation.atPhase(0, due(operation, 0, now)), write);
  }

  /**
   * {@code operation} carries on under {@code next} from the phase it is in, which starts over: in
   * {@code time} progression it ends a whole phase from now.
   */
  static Step continueUnder(Instance current, Operation operation, Progression next, Instant now) {
    Operation continued = operation.under(next);
    return new Step(current, continued.atPhase(continued.phase(), due(continued, continued.phase(), now)), Step.Write.NONE);
  }

  /**
   * The next phase of {@code operation}, or its end. An operation whose instance is gone, or that
   * no longer drives it (a delete took over), simply finishes.
   */
  static Step advance(Instance current, Operation operation, boolean drivesInstance, Instant now) {
    if (current == null || !drivesInstance) {
      return new Step(current, operation.finished(now), Step.Write.NONE);
    }
    List<Lifecycle.Phase> phases = Lifecycle.phases(operation.operationType());
    int next = operation.phase() + 1;
    if (next < phases.size()) {
      InstanceStatus status = phases.get(next).status();
      Instance instance = status != null ? current.withStatus(status) : current;
      return new Step(instance, operation.atPhase(next, due(operation, next, now)), status != null ? Step.Write.UPDATE : Step.Write.NONE);
    }
    return finish(current, operation, now);
  }

  private static Step finish(Instance current, Operation operation, Instant now) {
    String type = operation.operationType();
    if (Lifecycle.deletes(type)) {
      return new Step(current, operation.finished(now), Step.Write.DELETE);
    }
    if (HostMaintenance.TYPES.contains(type)) {
      Instance after = HostMaintenance.after(current, type, now);
      return new Step(after, operation.finished(now), Step.Write.UPDATE);
    }
    InstanceStatus end = Lifecycle.endStatus(type);
    Instance instance = end != null ? current.withStatus(end) : current;
    String console = switch (type) {
      case "insert", "start", "startWithEncryptionKey", "resume" -> ConsoleEvents.boot(instance, now);
      case "stop" -> ConsoleEvents.shutdown(instance, now);
      case "suspend" -> ConsoleEvents.suspend(instance, now);
      case "reset" -> ConsoleEvents.reset(instance, now);
      default -> "";
    };
    if (!console.isEmpty()) {
      instance = instance.log(console);
    }
    return new Step(instance, operation.finished(now), instance == current ? Step.Write.NONE : Step.Write.UPDATE);
  }

  /** In {@code time} progression, when the phase entered now ends. */
  static Instant due(Operation operation, int phase, Instant now) {
    Progression progression = operation.progression();
    return progression.mode() == Progression.Mode.TIME ? now.plusMillis(progression.durationOf(phase)) : null;
  }
}
