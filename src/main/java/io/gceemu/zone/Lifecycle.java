package io.gceemu.zone;

import io.gceemu.resource.ResourceTypes;

import java.util.List;
import java.util.Map;

/**
 * The phases each operation takes an instance through, as real GCE shows them: insert, start and
 * resume go PROVISIONING → STAGING → RUNNING; stop STOPPING → TERMINATED; suspend SUSPENDING →
 * SUSPENDED; delete STOPPING → gone. Operations that change no status (reset, the setters) have
 * one phase during which the operation itself is RUNNING.
 */
public final class Lifecycle {

  /**
   * One phase: its name (used to configure its duration, {@code compute.instances.insert.PROVISIONING}) and the
   * status the instance shows during it; null keeps the status as it is.
   */
  public record Phase(String name, InstanceStatus status) {
  }

  private static final Phase RUNNING_OPERATION = new Phase("RUNNING", null);
  private static final Phase STOPPING = new Phase("STOPPING", InstanceStatus.STOPPING);
  private static final List<Phase> BOOT = List.of(
    new Phase("PROVISIONING", InstanceStatus.PROVISIONING), new Phase("STAGING", InstanceStatus.STAGING));

  private static final Map<String, List<Phase>> PHASES = Map.of(
    "insert", BOOT,
    "start", BOOT,
    "resume", BOOT,
    "stop", List.of(STOPPING),
    "suspend", List.of(new Phase("SUSPENDING", InstanceStatus.SUSPENDING)),
    "delete", List.of(STOPPING));

  /** Where each operation leaves the instance once DONE; delete leaves none. */
  private static final Map<String, InstanceStatus> END = Map.of(
    "insert", InstanceStatus.RUNNING,
    "start", InstanceStatus.RUNNING,
    "resume", InstanceStatus.RUNNING,
    "stop", InstanceStatus.TERMINATED,
    "suspend", InstanceStatus.SUSPENDED);

  /**
   * The statuses a declared collection's resource shows while its method's operation runs, by
   * method ({@code compute.disks.insert}), and the status it has once DONE, as GCE shows them: a
   * disk is CREATING, then READY; a snapshot CREATING, UPLOADING, then READY; an image PENDING,
   * then READY.
   */
  private static final Map<String, List<Phase>> RESOURCE_PHASES = Map.of(
    "compute.disks.insert", List.of(new Phase("CREATING", null)),
    "compute.snapshots.insert", List.of(new Phase("CREATING", null), new Phase("UPLOADING", null)),
    "compute.images.insert", List.of(new Phase("PENDING", null)));
  private static final Map<String, String> RESOURCE_END = Map.of("compute.disks.insert", "READY", "compute.snapshots.insert", "READY",
    "compute.images.insert", "READY");
  private static final String INSTANCES = "compute.instances.";

  private Lifecycle() {
  }

  /** A declared collection's method's phases, none when its operation is DONE at once. */
  public static List<Phase> resourcePhases(String method) {
    return RESOURCE_PHASES.getOrDefault(method, List.of());
  }

  public static String resourceEndStatus(String method) {
    return RESOURCE_END.get(method);
  }

  /**
   * The GCE method whose operation this is ({@code compute.instances.insert}, {@code
   * compute.disks.resize} for an operation of type {@code resizeDisk}): progressions, timings and
   * phases are chosen by it, as metrics and faults name methods.
   */
  public static String method(Operation operation) {
    String[] segments = operation.targetPath().split("/");
    String collection = segments.length >= 2 ? segments[segments.length - 2] : "";
    String verb = ResourceTypes.named(collection).flatMap(type -> type.verbReporting(operation.operationType()))
      .orElse(operation.operationType());
    return "compute." + collection + "." + verb;
  }

  /** The method of an instance's operation of {@code operationType}: {@code stop} is {@code compute.instances.stop}'s. */
  static String instanceMethod(String operationType) {
    return INSTANCES + operationType;
  }

  /** The methods of declared collections whose operations take time. */
  static List<String> resourceMethods() {
    return RESOURCE_PHASES.keySet().stream().sorted().toList();
  }

  /** The phases a method's operation goes through: an instance's by its verb, another resource's by its method. */
  public static List<Phase> phasesOf(String method) {
    return method.startsWith(INSTANCES) ? phases(method.substring(INSTANCES.length())) : resourcePhases(method);
  }

  public static List<Phase> phases(String operationType) {
    return PHASES.getOrDefault(operationType, List.of(RUNNING_OPERATION));
  }

  /** The status at the end of {@code operationType}, or null when it keeps the status (or deletes). */
  public static InstanceStatus endStatus(String operationType) {
    return END.get(operationType);
  }

  public static boolean deletes(String operationType) {
    return operationType.equals("delete");
  }

  /** Operations that drive the instance's status: while one runs, another is refused. */
  public static boolean drivesStatus(String operationType) {
    return PHASES.containsKey(operationType) || operationType.equals("reset") || operationType.equals("setMachineType")
      || operationType.equals("update");
  }

  /** {@code progress} as GCE reports it: 0 when started, 100 when DONE, in steps between. */
  public static int progress(Operation operation) {
    if (operation.done()) {
      return 100;
    }
    return 100 * operation.phase() / (phasesOf(method(operation)).size() + 1);
  }

  /** Whether a resource shows a status its making goes through: GCE refuses to change it until it is done. */
  public static boolean inTheMaking(String method, String status) {
    return resourcePhases(method).stream().anyMatch(phase -> phase.name().equals(status));
  }
}
