package io.gceemu.runtime;

import java.util.List;

/**
 * One VM as the runtime boots it.
 *
 * @param id             the instance's id, which names everything the runtime makes for it
 * @param project        its project
 * @param zone           its zone
 * @param hostname       the instance's name, the VM's hostname as on GCE
 * @param network        its first interface's network, {@code projects/<p>/global/networks/<n>}; null for none
 * @param ip             that interface's internal address (networkIP); null for none
 * @param natIP          that interface's external address (its access config's natIP); null for none
 * @param tags           its network tags, which firewall rules name
 * @param disks          its persistent disks of the zone, the boot disk among them
 * @param cpus           its machine type's vCPUs, its CPU quota
 * @param memoryMb       its machine type's memory, its memory limit
 */
public record Vm(long id, String project, String zone, String hostname, String network, String ip, String natIP, List<String> tags,
                 List<VmDisk> disks, int cpus, long memoryMb) {

  /** The disk the VM boots from, or null for a VM without one (it boots from the base system, its files its own). */
  public VmDisk bootDisk() {
    return disks.stream().filter(VmDisk::boot).findFirst().orElse(null);
  }
}
