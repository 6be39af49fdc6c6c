package io.gceemu.runtime;

/**
 * One VM as the runtime boots it.
 *
 * @param id             the instance's id, which names everything the runtime makes for it
 * @param hostname       the instance's name, the VM's hostname as on GCE
 * @param startupScript  the {@code startup-script} of its metadata, or null
 * @param shutdownScript the {@code shutdown-script} of its metadata, or null
 */
public record Vm(long id, String hostname, String startupScript, String shutdownScript) {
}
