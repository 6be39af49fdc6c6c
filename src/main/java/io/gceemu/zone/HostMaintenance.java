package io.gceemu.zone;

import io.gceemu.gce.Timestamps;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Set;

/**
 * What a host event does to a VM, as GCE's {@code scheduling} decides it: with {@code
 * onHostMaintenance: MIGRATE} (the default) it is live-migrated and keeps RUNNING; with {@code
 * TERMINATE} it is stopped, and started again on another host when {@code automaticRestart} (the
 * default) holds. A host reported faulty ({@code reportHostAsFaulty}) always moves its VM, which
 * restarts (or stays TERMINATED without automaticRestart). The emulated VM shows the end state;
 * it does not pass through STOPPING and STAGING on the way.
 */
final class HostMaintenance {

  /** The operations of a host event: the maintenance GCE would do, simulated, or asked for now. */
  static final Set<String> TYPES = Set.of("performMaintenance", "simulateMaintenanceEvent", "reportHostAsFaulty");

  private HostMaintenance() {
  }

  static Instance after(Instance instance, String operationType, Instant now) {
    JsonObject scheduling = instance.attributes().getJsonObject("scheduling", new JsonObject());
    boolean migrates = "MIGRATE".equals(scheduling.getString("onHostMaintenance", "MIGRATE")) && !operationType.equals("reportHostAsFaulty");
    if (migrates) {
      return instance.log(Timestamps.format(now) + " " + instance.name()
        + " google_guest_agent[512]: Live migration of this instance to another host completed.\r\n");
    }
    Instance stopped = instance.withTimes(instance.lastStart(), now, instance.lastSuspended()).log(ConsoleEvents.shutdown(instance, now));
    if (!scheduling.getBoolean("automaticRestart", true)) {
      return stopped.withStatus(InstanceStatus.TERMINATED);
    }
    return stopped.withTimes(now, now, instance.lastSuspended()).withStatus(InstanceStatus.RUNNING).log(ConsoleEvents.boot(instance, now));
  }
}
