package io.gceemu.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** How a disk's files are mounted: as the upper layer of an overlay over its layers, or, read-only, as one more layer. */
final class DiskMounts {

  private DiskMounts() {
  }

  /**
   * The shell command that mounts the files at {@code target}. Read-only, the overlay has no upper
   * layer, so it is read-only from its making, in every namespace it is seen from (a read-only
   * remount of a bind would not reach the sandbox).
   *
   * @param files the disk's directory, which holds {@code upper} and {@code work}; made here when new
   */
  static String overlay(List<Path> layers, Path files, boolean readOnly, Path target) {
    Path upper = files.resolve("upper");
    String lower = layers.stream().map(Path::toString).collect(Collectors.joining(":"));
    String made = "mkdir -p " + upper + " " + files.resolve("work") + " && ";
    return made + (readOnly ? "mount -t overlay overlay -o ro,lowerdir=" + upper + ":" + lower + " " + target
      : "mount -t overlay overlay -o lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + files.resolve("work") + " " + target);
  }
}
