package io.gceemu.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Debian root file system the VMs of Debian images boot from (read-only, each VM's disk an
 * overlay over it): built once with debootstrap from Debian's mirror, with what startup scripts
 * commonly use, and kept under the runtime directory. Blocking: run off the event loops.
 */
final class BaseSystem {

  private static final Logger LOG = LoggerFactory.getLogger(BaseSystem.class);
  static final String SUITE = "bookworm";
  private static final String MIRROR = "http://deb.debian.org/debian";
  private static final String PACKAGES = "bash,coreutils,curl,python3,iproute2,procps,ca-certificates";
  private static final long BUILD_LIMIT_MINUTES = 15;

  private BaseSystem() {
  }

  /** The base's root, built first when it is not there (a build cut short is started over). */
  static Path ensure(Path runtimeDir) throws IOException, InterruptedException {
    Path root = runtimeDir.resolve("base-" + SUITE);
    if (Files.exists(root.resolve("etc/os-release"))) {
      return root;
    }
    Path partial = runtimeDir.resolve("base-" + SUITE + ".partial");
    delete(partial);
    Files.createDirectories(runtimeDir);
    long began = System.nanoTime();
    LOG.info("building the VMs' base system (Debian {}, debootstrap from {}) in {}", SUITE, MIRROR, root);
    Path log = runtimeDir.resolve("debootstrap.log");
    Process debootstrap = new ProcessBuilder(List.of("debootstrap", "--variant=minbase", "--include=" + PACKAGES, SUITE,
      partial.toString(), MIRROR)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!debootstrap.waitFor(BUILD_LIMIT_MINUTES, TimeUnit.MINUTES) || debootstrap.exitValue() != 0) {
      debootstrap.destroyForcibly();
      throw new IOException("debootstrap failed (see " + log + ")");
    }
    // What apt downloaded is not needed to boot; VMs have no network to use it either.
    delete(partial.resolve("var/cache/apt/archives"));
    Files.move(partial, root);
    LOG.info("built the VMs' base system in {} s: {} MB", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began), sizeMb(root));
    return root;
  }

  static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    unmountUnder(path);
    // rm keeps to the tree: it does not follow the symbolic links a root file system is full of.
    run("rm", "-rf", "--one-file-system", path.toString());
  }

  /**
   * What is still mounted under {@code path}: a debootstrap cut short (the emulator killed while it
   * built) leaves its target's /proc mounted, which rm would not go into.
   */
  private static void unmountUnder(Path path) throws IOException {
    String prefix = path.toAbsolutePath().toString();
    List<String> mounted = Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(line -> line.split(" ")[1])
      .filter(point -> point.equals(prefix) || point.startsWith(prefix + "/")).sorted(Comparator.reverseOrder()).toList();
    for (String point : mounted) {
      run("umount", "-l", point);
    }
  }

  static void run(String... command) throws IOException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().transferTo(OutputStream.nullOutputStream());
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
  }

  private static long sizeMb(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum() / (1024 * 1024);
    }
  }
}
