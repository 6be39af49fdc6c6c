package io.gceemu.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the sandbox runtime needs of the host, checked once at start: root, the tools (and the
 * Debian package each comes from), overlayfs, and cgroups of either version.
 */
final class RuntimeCheck {

  private static final Map<String, String> TOOLS = new LinkedHashMap<>();

  static {
    TOOLS.put("bwrap", "bubblewrap");
    TOOLS.put("unshare", "util-linux");
    TOOLS.put("nsenter", "util-linux");
    TOOLS.put("mount", "mount");
    TOOLS.put("ip", "iproute2");
    TOOLS.put("nft", "nftables");
    TOOLS.put("debootstrap", "debootstrap");
  }

  private RuntimeCheck() {
  }

  /** What is missing, in one phrase; empty when the host has all of it. */
  static Optional<String> missing() {
    return missing(root(), System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
  }

  /** As {@link #missing()}, for a process of the user (root or not) and the {@code PATH} given. */
  static Optional<String> missing(boolean root, String path) {
    if (!root) {
      return Optional.of("the emulator does not run as root");
    }
    for (Map.Entry<String, String> tool : TOOLS.entrySet()) {
      if (!onPath(path, tool.getKey())) {
        return Optional.of("no " + tool.getKey() + " on the PATH (Debian package " + tool.getValue() + ")");
      }
    }
    if (!read(Path.of("/proc/filesystems")).contains("overlay")) {
      return Optional.of("the kernel has no overlay file system");
    }
    if (!Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) && !Files.isDirectory(Path.of("/sys/fs/cgroup/memory"))) {
      return Optional.of("no cgroups (neither v2 nor v1's memory controller) under /sys/fs/cgroup");
    }
    return Optional.empty();
  }

  private static boolean root() {
    return read(Path.of("/proc/self/status")).lines().filter(line -> line.startsWith("Uid:"))
      .anyMatch(line -> line.split("\\s+")[1].equals("0"));
  }

  private static boolean onPath(String path, String tool) {
    return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/sbin", "/sbin"))
      .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
