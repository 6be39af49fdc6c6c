package io.gceemu.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One VM's sandbox on the host: its directory ({@code gce/} with the init, the scripts, the hosts
 * file, the guest's power commands and the pipe the init waits on; {@code mnt/}, where its disks
 * other than the boot disk are mounted; {@code console.log}, its serial console), the command that
 * starts it, and the mount namespace it was started from, where disks are mounted while it runs.
 * Blocking.
 */
final class VmSandbox {

  private static final List<String> POWER_COMMANDS = List.of("poweroff", "halt", "shutdown", "reboot");

  private final long id;
  private final Path dir;

  VmSandbox(Path vms, long id) {
    this.id = id;
    this.dir = vms.resolve(SandboxRuntime.PREFIX + id);
  }

  /** The directory of the VM's own files when it has no boot disk (an overlay's upper and work). */
  Path dir() {
    return dir;
  }

  /** Where the VM's root is mounted. */
  Path root() {
    return dir.resolve("merged");
  }

  /** Where a disk attached to the VM is mounted, its {@code /mnt/disks/<deviceName>}. */
  Path attachedAt(String deviceName) {
    return root().resolve("mnt/disks").resolve(deviceName);
  }

  Path console() {
    return dir.resolve("console.log");
  }

  /** Everything but the mounts, anew: the init, its pipe, the scripts found, the mount points of the disks. */
  void prepare(Map<String, String> scripts, List<VmDisk> disks) throws IOException {
    Path gce = dir.resolve("gce");
    BaseSystem.delete(dir.resolve("mnt"));
    for (Path made : List.of(root(), gce, dir.resolve("mnt"))) {
      Files.createDirectories(made);
    }
    Files.write(gce.resolve("init"), resource("init.sh"));
    Path sbin = Files.createDirectories(gce.resolve("sbin"));
    byte[] power = resource("power.sh");
    for (String command : POWER_COMMANDS) {
      Files.setPosixFilePermissions(Files.write(sbin.resolve(command), power), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    if (!Files.exists(gce.resolve("halt"))) {
      BaseSystem.run("mkfifo", gce.resolve("halt").toString());
    }
    for (String key : MetadataScripts.KEYS) {
      Path file = gce.resolve(key);
      if (scripts.containsKey(key)) {
        Files.writeString(file, scripts.get(key));
      } else {
        Files.deleteIfExists(file);
      }
    }
    for (VmDisk disk : disks) {
      if (!disk.boot()) {
        Files.createDirectories(dir.resolve("mnt").resolve(disk.deviceName()));
      }
    }
  }

  /** Written in place, so that the VM's bind of it sees each change. */
  void writeHosts(String hosts) throws IOException {
    Files.writeString(dir.resolve("gce").resolve("hosts"), hosts);
  }

  /**
   * Starts the VM: its first process joins its cgroups (so that all it starts is held by its
   * limits) and its network namespace, then, in a mount namespace of its own, mounts its root and
   * its disks and makes {@code /mnt/disks} shared with the sandbox, so that disks attached later
   * appear there too, and runs bubblewrap.
   *
   * @param mounts the commands that mount the root and the other disks, at {@link #root()} and {@link #attachedAt}
   * @param procs  the {@code cgroup.procs} files of the VM's cgroups
   */
  Process start(Vm vm, List<String> mounts, List<Path> procs) throws IOException {
    Path gce = dir.resolve("gce");
    Path disks = root().resolve("mnt/disks");
    List<String> steps = new ArrayList<>();
    // The VM's root may serve on port 80 though its capabilities are dropped (a sysctl of its network namespace).
    steps.add("echo 0 > /proc/sys/net/ipv4/ip_unprivileged_port_start");
    steps.add(mounts.get(0));
    steps.add("mkdir -p " + disks + " && mount --bind " + dir.resolve("mnt") + " " + disks + " && mount --make-shared " + disks);
    steps.addAll(mounts.subList(1, mounts.size()));
    steps.add("exec bwrap --die-with-parent --unshare-user --uid 0 --gid 0 --cap-drop ALL --unshare-pid --unshare-uts --unshare-ipc"
      + " --hostname " + vm.hostname()
      + " --clearenv --setenv PATH /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --setenv HOME /root"
      + " --bind " + root() + " / --proc /proc --dev /dev --tmpfs /tmp --tmpfs /run --ro-bind " + gce + " /run/gce"
      + " --ro-bind " + gce.resolve("hosts") + " /etc/hosts --ro-bind " + gce.resolve("sbin") + " /usr/local/sbin"
      + " /bin/bash /run/gce/init");
    String joined = procs.stream().map(Path::toString).collect(Collectors.joining(" "));
    return new ProcessBuilder("sh", "-c", "for procs in $0; do echo $$ > $procs; done; exec \"$@\"", joined,
      "nsenter", "--net=/run/netns/" + VpcNetworks.vmNamespace(id), "--",
      "unshare", "--mount", "--propagation", "private", "--", "sh", "-c", String.join(" && ", steps))
      .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(console().toFile())).start();
  }

  /** Mounts a disk in the running VM: in the namespace it was started from, whose /mnt/disks it shares. */
  void mount(Process sandbox, String deviceName, String mount) throws IOException {
    Files.createDirectories(dir.resolve("mnt").resolve(deviceName));
    inMountsOf(sandbox, "sh", "-c", mount);
  }

  void unmount(Process sandbox, String deviceName) throws IOException {
    inMountsOf(sandbox, "umount", "-l", attachedAt(deviceName).toString());
    Files.deleteIfExists(dir.resolve("mnt").resolve(deviceName));
  }

  /** Asks the init to stop. Opened for reading and writing, the pipe opens at once even when the init no longer reads it. */
  void askToHalt() throws IOException {
    try (FileChannel halt = FileChannel.open(dir.resolve("gce").resolve("halt"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      halt.write(ByteBuffer.wrap("halt\n".getBytes(StandardCharsets.US_ASCII)));
    }
  }

  void delete() throws IOException {
    BaseSystem.delete(dir);
  }

  private static void inMountsOf(Process sandbox, String... command) throws IOException {
    List<String> entered = new ArrayList<>(List.of("nsenter", "-t", Long.toString(sandbox.pid()), "-m", "--"));
    entered.addAll(List.of(command));
    BaseSystem.run(entered.toArray(String[]::new));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream resource = VmSandbox.class.getResourceAsStream("/runtime/" + name)) {
      return resource.readAllBytes();
    }
  }
}
