package io.gceemu.zone;

/**
 * The documented v1 instance statuses. A user stop ends in {@link #TERMINATED}, never
 * {@link #STOPPED}, as on real GCE; STOPPED is listed only because the API enum carries it.
 */
public enum InstanceStatus {
  PROVISIONING, STAGING, RUNNING, STOPPING, STOPPED, SUSPENDING, SUSPENDED, REPAIRING, TERMINATED
}
