package io.gceemu.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Postgres the emulator starts for itself when no {@code --db-url} is given, with its data in
 * {@code <data-dir>/postgres} so that state survives restarts. It holds the data directory's
 * {@link DataDirLock} while it runs, so a second emulator on the same folder is refused before it
 * touches anything. Blocking: call it before Vert.x starts, never on an event loop.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;
  private final DataDirLock lock;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DataDirLock lock) {
    this.postgres = postgres;
    this.lock = lock;
  }

  /** @throws DataDirLock.InUse when another emulator runs on {@code dataDir} */
  public static EmbeddedDatabase start(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    DataDirLock lock = DataDirLock.acquire(dataDir);
    try {
      return new EmbeddedDatabase(startPostgres(dataDir.resolve("postgres")), lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static EmbeddedPostgres startPostgres(Path pgData) throws IOException {
    Files.createDirectories(pgData);
    stopOrphan(pgData);
    return EmbeddedPostgres.builder()
      .setDataDirectory(pgData)
      .setCleanDataDirectory(false)
      .setPGStartupWait(Duration.ofSeconds(30))
      // The library defaults to fast-but-unsafe settings; an acknowledged write must survive a crash.
      .setServerConfig("synchronous_commit", "on")
      .setServerConfig("fsync", "on")
      .setServerConfig("full_page_writes", "on")
      .setServerConfig("max_connections", "100")
      .start();
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    try {
      postgres.close();
    } finally {
      lock.close();
    }
  }

  /**
   * After a {@code kill -9} of the emulator its Postgres keeps running (pg_ctl detaches it) and
   * holds {@code postmaster.pid}; a new start would fail on that lock. Stop that server, and drop a
   * pid file whose process is gone. Only ever called with the data directory's lock held, which
   * proves that the emulator that started that server is gone.
   */
  private static void stopOrphan(Path pgData) throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    Optional<ProcessHandle> process = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0)).flatMap(ProcessHandle::of);
    if (process.isPresent() && process.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
      LOG.warn("stopping Postgres left running by an earlier emulator (pid " + process.get().pid() + ")");
      process.get().destroy();
      try {
        process.get().onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        process.get().destroyForcibly();
      }
    }
    Files.deleteIfExists(pidFile);
  }

  private static Optional<Long> parsePid(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
