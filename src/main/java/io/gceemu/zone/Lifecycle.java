package io.gceemu.zone;

import io.gceemu.resource.ResourceType;
import io.gceemu.resource.ResourceTypes;
import io.gceemu.resource.Scope;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    "startWithEncryptionKey", BOOT,
    "resume", BOOT,
    "stop", List.of(STOPPING),
    "suspend", List.of(new Phase("SUSPENDING", InstanceStatus.SUSPENDING)),
    "delete", List.of(STOPPING));

  /** Where each operation leaves the instance once DONE; delete leaves none. */
  private static final Map<String, InstanceStatus> END = Map.of(
    "insert", InstanceStatus.RUNNING,
    "start", InstanceStatus.RUNNING,
    "startWithEncryptionKey", InstanceStatus.RUNNING,
    "resume", InstanceStatus.RUNNING,
    "stop", InstanceStatus.TERMINATED,
    "suspend", InstanceStatus.SUSPENDED);

  private static final String INSTANCES = "compute.instances.";

  private Lifecycle() {
  }

  /**
   * A declared collection's method's phases, as its declaration gives them for its insert (a disk
   * is CREATING, a snapshot CREATING then UPLOADING); none when its operation is DONE at once.
   */
  public static List<Phase> resourcePhases(String method) {
    return making(method).stream().map(making -> new Phase(making.status(), null)).toList();
  }

  /** What the resource shows once the method's operation is DONE: READY after its making, else as it is. */
  public static String resourceEndStatus(String method) {
    return making(method).isEmpty() ? null : ResourceType.READY;
  }

  /** How long a phase of a declared collection's method lasts in the realistic profile, if it has one. */
  static Optional<Long> realisticMs(String method, String phase) {
    return making(method).stream().filter(making -> making.status().equals(phase)).map(ResourceType.Making::realisticMs).findFirst();
  }

  private static List<ResourceType.Making> making(String method) {
    String[] parts = method.split("\\.");
    return parts.length == 3 && parts[2].equals(ResourceType.INSERT)
      ? ResourceTypes.named(parts[1]).map(ResourceType::making).orElse(List.of()) : List.of();
  }

  /**
   * The GCE method whose operation this is ({@code compute.instances.insert}, {@code
   * compute.disks.resize} for an operation of type {@code resizeDisk}): progressions, timings and
   * phases are chosen by it, as metrics and faults name methods.
   */
  public static String method(Operation operation) {
    String[] segments = operation.targetPath().split("/");
    String segment = segments.length >= 2 ? segments[segments.length - 2] : "";
    Optional<ResourceType> type = ResourceTypes.at(segment, Scope.ofPath(operation.targetPath()));
    String verb = type.flatMap(declared -> declared.verbReporting(operation.operationType())).orElse(operation.operationType());
    return "compute." + type.map(ResourceType::methods).orElse(segment) + "." + verb;
  }

  /** The method of an instance's operation of {@code operationType}: {@code stop} is {@code compute.instances.stop}'s. */
  static String instanceMethod(String operationType) {
    return INSTANCES + operationType;
  }

  /** The methods of declared collections whose operations take time: the inserts of those made in phases. */
  static List<String> resourceMethods() {
    return ResourceTypes.ALL.stream().filter(type -> !type.making().isEmpty()).map(type -> type.method(ResourceType.INSERT)).sorted()
      .toList();
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
      || operationType.equals("update") || operationType.equals("setName") || HostMaintenance.TYPES.contains(operationType);
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
