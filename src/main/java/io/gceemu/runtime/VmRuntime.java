package io.gceemu.runtime;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * What runs behind each emulated VM while it is RUNNING: nothing ({@link NoRuntime}, the
 * default), or a sandboxed Linux system ({@link SandboxRuntime}). The zones call it as their
 * instances change status; another backend (containers) would implement the same calls.
 * Implementations are called from every zone's event loop and never block it.
 */
public interface VmRuntime {

  /** {@code none} or {@code sandbox}, as the option names it. */
  String name();

  /** Boots the VM (again, if it runs already: a reset); its startup script runs on every boot. */
  void boot(Vm vm);

  /** Ends the VM: its shutdown script gets a moment, then it is killed. Its disk's files stay. */
  void halt(long id);

  /** Suspends the running VM: its processes are frozen where they are. */
  void suspend(long id);

  /** Resumes a suspended VM where it was. */
  void resume(long id);

  /** Ends the VM and removes everything it had. */
  void remove(long id);

  /**
   * A running VM changed without a reboot: its disks ({@code attachDisk}, {@code detachDisk}) are
   * mounted or unmounted at once, its tags and external address ({@code setTags}, an access
   * config added or deleted) change its firewall and what is forwarded to it.
   */
  void update(Vm vm);

  /** A disk was deleted: its files go, once no VM runs on them. */
  void diskDeleted(long diskId);

  /**
   * An image or snapshot was made: the files it is made of (its disk's as they are now, or those
   * of the image or snapshot it copies) are kept for the disks that will be made from it.
   */
  void imageMade(long id, JsonObject document);

  /** The VM's real serial console output, for getSerialPortOutput; none when this runtime runs nothing (the emulated one is shown). */
  Future<Optional<Buffer>> console(long id);

  /** Where the emulator's metadata server listens on the host's loopback: the VMs reach it as 169.254.169.254. */
  void serveMetadataFrom(int port);

  /** The running VM of a network (its namespace's name) at an internal address, as {@code project/zone/name}. */
  Optional<String> instanceAt(String network, String ip);

  /** Ends every VM this runtime runs, at the emulator's stop. */
  void close();
}
