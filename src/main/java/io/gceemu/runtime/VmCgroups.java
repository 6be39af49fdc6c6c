package io.gceemu.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each VM's cgroup: its machine type's vCPUs as a CPU quota, its memory as a memory limit, a
 * limit on its processes, and the freezer that suspends it. cgroups v1 (a directory per
 * controller, as on the hosts measured) has each VM's cgroups under the emulator's own; v2 has
 * them under the root, the one cgroup where processes and children may be together. Named with
 * the runtime's prefix; those a killed emulator left (frozen ones too) are removed at the next
 * start. Blocking.
 */
final class VmCgroups {

  /** Enough for what startup scripts run; a fork bomb stops there. */
  static final long PIDS = 4096;
  private static final long PERIOD_US = 100_000;
  private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
  private static final List<String> CONTROLLERS = List.of("cpu", "memory", "pids", "freezer");

  private final boolean v2;
  /** Where the VMs' cgroups are made: one directory per v1 controller, or v2's root. */
  private final Map<String, Path> parents;

  private VmCgroups(boolean v2, Map<String, Path> parents) {
    this.v2 = v2;
    this.parents = parents;
  }

  static VmCgroups onThisHost() throws IOException {
    if (Files.exists(CGROUPS.resolve("cgroup.controllers"))) {
      try {
        Files.writeString(CGROUPS.resolve("cgroup.subtree_control"), "+cpu +memory +pids");
      } catch (IOException e) {
        // Enabled already, or not to be: the limits missing are logged when they are written.
      }
      return new VmCgroups(true, Map.of("", CGROUPS));
    }
    Map<String, Path> parents = new LinkedHashMap<>();
    List<String> own = Files.readAllLines(Path.of("/proc/self/cgroup"));
    for (String controller : CONTROLLERS) {
      String path = own.stream().map(line -> line.split(":", 3)).filter(parts -> parts.length == 3
        && List.of(parts[1].split(",")).contains(controller)).map(parts -> parts[2]).findFirst().orElse("/");
      parents.put(controller, CGROUPS.resolve(controller).resolve(path.substring(1)));
    }
    return new VmCgroups(false, parents);
  }

  /**
   * Makes the VM's cgroups with its limits.
   *
   * @return the {@code cgroup.procs} files its first process joins before it runs anything
   */
  List<Path> make(long id, int cpus, long memoryMb) throws IOException {
    remove(id);
    List<Path> procs = new ArrayList<>();
    for (Path dir : dirs(id)) {
      Files.createDirectories(dir);
      procs.add(dir.resolve("cgroup.procs"));
    }
    long quota = Math.max(1, cpus) * PERIOD_US;
    long memory = memoryMb * 1024 * 1024;
    if (v2) {
      Path dir = dir("", id);
      Files.writeString(dir.resolve("cpu.max"), quota + " " + PERIOD_US);
      Files.writeString(dir.resolve("memory.max"), Long.toString(memory));
      Files.writeString(dir.resolve("pids.max"), Long.toString(PIDS));
    } else {
      Files.writeString(dir("cpu", id).resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
      Files.writeString(dir("cpu", id).resolve("cpu.cfs_quota_us"), Long.toString(quota));
      Files.writeString(dir("memory", id).resolve("memory.limit_in_bytes"), Long.toString(memory));
      Files.writeString(dir("pids", id).resolve("pids.max"), Long.toString(PIDS));
    }
    return procs;
  }

  /** Freezes or thaws every process of the VM at once (suspend and resume). */
  void freeze(long id, boolean frozen) throws IOException {
    if (v2) {
      Files.writeString(dir("", id).resolve("cgroup.freeze"), frozen ? "1" : "0");
    } else {
      Files.writeString(dir("freezer", id).resolve("freezer.state"), frozen ? "FROZEN" : "THAWED");
    }
  }

  /** Removes the VM's cgroups once its processes are gone; a frozen VM is thawed first, as its processes die only then. */
  void remove(long id) throws IOException {
    removeAll(dirs(id));
  }

  /** Removes the VMs' cgroups a former run left: their processes died with it, or die once thawed. */
  void removeLeftovers() throws IOException {
    removeAll(present());
  }

  /** Every VM's cgroup there is, of every controller. */
  List<Path> present() throws IOException {
    List<Path> present = new ArrayList<>();
    for (Path parent : parents.values()) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, SandboxRuntime.PREFIX + "*")) {
        children.forEach(present::add);
      } catch (NoSuchFileException e) {
        // No VM was ever made here.
      }
    }
    return present;
  }

  private static void removeAll(List<Path> dirs) throws IOException {
    List<Path> present = dirs.stream().filter(Files::isDirectory).toList();
    for (Path dir : present) {
      thaw(dir);
    }
    for (Path dir : present) {
      for (int attempt = 0; ; attempt++) {
        try {
          Files.delete(dir);
          break;
        } catch (IOException busy) {
          // Its last processes still exit.
          if (attempt == 100) {
            throw busy;
          }
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy;
          }
        }
      }
    }
  }

  private static void thaw(Path dir) throws IOException {
    for (Path state : List.of(dir.resolve("freezer.state"), dir.resolve("cgroup.freeze"))) {
      if (Files.exists(state)) {
        Files.writeString(state, state.endsWith("freezer.state") ? "THAWED" : "0");
      }
    }
  }

  private List<Path> dirs(long id) {
    return parents.keySet().stream().map(controller -> dir(controller, id)).toList();
  }

  private Path dir(String controller, long id) {
    return parents.get(controller).resolve(SandboxRuntime.PREFIX + "i-" + id);
  }
}
