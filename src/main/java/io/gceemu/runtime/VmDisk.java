package io.gceemu.runtime;

/**
 * One persistent disk of a VM as the runtime mounts it: the VM's root when it is the boot disk,
 * else {@code /mnt/disks/<deviceName>}.
 *
 * @param id             the disk's id, which names its files
 * @param deviceName     the name the instance gives it
 * @param boot           whether it is the VM's root
 * @param readOnly       attached {@code READ_ONLY}
 * @param sourceImage    the image it was made from ({@code projects/<p>/global/images/<i>}), or null
 * @param sourceSnapshot the snapshot it was made from, or null
 */
public record VmDisk(long id, String deviceName, boolean boot, boolean readOnly, String sourceImage, String sourceSnapshot) {
}
