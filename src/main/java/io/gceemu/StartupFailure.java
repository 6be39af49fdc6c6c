package io.gceemu;

import io.gceemu.config.EmulatorConfig;
import io.gceemu.store.DataDirLock;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;

import java.net.BindException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

/**
 * Why the emulator could not start, as the one line its user reads: what is wrong and what to do
 * about it. A failed start is nearly always the machine's setup (a port taken, a database away, a
 * folder in use), which a stack trace would only bury.
 */
final class StartupFailure {

  private StartupFailure() {
  }

  static String describe(Throwable failure, EmulatorConfig config, PgConnectOptions database) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String known = known(cause, config, database);
      if (known != null) {
        return oneLine(known);
      }
    }
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return oneLine("could not start: " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()));
  }

  private static String known(Throwable cause, EmulatorConfig config, PgConnectOptions database) {
    if (cause instanceof DataDirLock.InUse inUse) {
      return inUse.getMessage() + "; stop it or choose another with --data-dir";
    }
    if (cause instanceof BindException bind) {
      return bind.getMessage() != null && bind.getMessage().contains("in use")
        ? "port " + config.port() + " is in use on " + config.host() + "; choose another with --port"
        : "cannot listen on " + config.host() + ":" + config.port() + " (" + bind.getMessage() + "); correct --host";
    }
    if (cause instanceof PgException pg) {
      return "the database at " + where(database) + " refused the emulator: " + pg.getErrorMessage()
        + " (SQLSTATE " + pg.getSqlState() + "); check --db-url";
    }
    if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
      return "cannot reach the database at " + where(database) + " (" + String.valueOf(cause.getMessage()).trim() + "); start it or correct --db-url";
    }
    if (cause instanceof FileSystemException file) {
      return "cannot use " + file.getFile() + ": " + reason(file)
        + (inDataDir(file, config) ? "; choose another folder with --data-dir" : "");
    }
    if (cause instanceof TimeoutException) {
      return "did not start within " + Main.START_TIMEOUT_SECONDS + " s";
    }
    return null;
  }

  private static String where(PgConnectOptions database) {
    return database == null ? "(none)" : database.getHost() + ":" + database.getPort();
  }

  private static String reason(FileSystemException failure) {
    if (failure instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (failure instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    return failure.getReason() != null ? failure.getReason() : failure.getClass().getSimpleName();
  }

  private static boolean inDataDir(FileSystemException failure, EmulatorConfig config) {
    if (!config.embeddedDatabase() || failure.getFile() == null) {
      return false;
    }
    // The folder itself, a file inside it, or one of its parents that stopped it being created.
    Path file = absolute(failure.getFile());
    Path dataDir = absolute(config.dataDir());
    return file.startsWith(dataDir) || dataDir.startsWith(file);
  }

  private static Path absolute(String path) {
    return Path.of(path).toAbsolutePath().normalize();
  }

  /** Messages of libraries may span lines; the user gets one. */
  private static String oneLine(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
