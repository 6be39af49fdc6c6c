package io.gceemu.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One emulator's claim on its data directory: an OS lock on {@code <data-dir>/emulator.lock}, held
 * until {@link #close()} or the end of the JVM, with the holder's pid written into the file for the
 * message of whoever comes next. The kernel drops the lock when its process dies, even by
 * {@code kill -9}, so a stale file or a reused pid never keeps a later emulator out; and whoever
 * holds the lock knows that a Postgres still running in the folder has lost its emulator.
 */
public final class DataDirLock implements AutoCloseable {

  private static final String FILE = "emulator.lock";

  /**
   * The directories this JVM holds. POSIX drops every lock a process has on a file when it closes
   * any channel to that file, so a second claim from this JVM must not even open it.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final FileChannel channel;

  private DataDirLock(Path directory, FileChannel channel) {
    this.directory = directory;
    this.channel = channel;
  }

  /** The data directory is locked by another emulator, named by its pid once it has written it. */
  public static final class InUse extends IOException {
    InUse(Path directory, Optional<Long> pid) {
      super("data directory " + directory + " is in use by " + pid.map(p -> "the emulator with pid " + p).orElse("another emulator"));
    }
  }

  /** Blocking; the directory must exist. */
  public static DataDirLock acquire(Path dataDir) throws IOException {
    Path directory = dataDir.toRealPath();
    if (!HELD.add(directory)) {
      throw new InUse(dataDir, Optional.of(ProcessHandle.current().pid()));
    }
    try {
      return lock(dataDir, directory);
    } catch (IOException | RuntimeException e) {
      HELD.remove(directory);
      throw e;
    }
  }

  private static DataDirLock lock(Path dataDir, Path directory) throws IOException {
    Path file = directory.resolve(FILE);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      if (channel.tryLock() == null) {
        // Another process holds it; this one holds no lock on the file to lose by closing.
        throw new InUse(dataDir, holder(file));
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      return new DataDirLock(directory, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The pid the holder wrote, unless it has not written it yet. */
  private static Optional<Long> holder(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Releases the directory; closing the channel drops the lock. */
  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      HELD.remove(directory);
    }
  }
}
