package io.gceemu.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * A start-up step that talks to Postgres (the migrations, taking the zones) is tried again until
 * the start-up time is over, rather than failing the start at its first slow answer: nodes of a
 * cluster starting together on a busy machine see the pool's 2 s wait for a connection run out
 * (which exists so that requests fail fast while Postgres is away). Each step is safe to repeat.
 */
public final class StartupRetry {

  private static final Logger LOG = LoggerFactory.getLogger(StartupRetry.class);
  /** Somewhat less than Main and the tests wait for an emulator to start (60 s). */
  public static final long STARTUP_MS = 50_000;
  private static final long RETRY_MS = 250;

  private StartupRetry() {
  }

  public static <T> Future<T> untilStarted(Vertx vertx, String step, Supplier<Future<T>> attempt) {
    return attempt(vertx, step, attempt, System.currentTimeMillis() + STARTUP_MS);
  }

  private static <T> Future<T> attempt(Vertx vertx, String step, Supplier<Future<T>> attempt, long deadline) {
    return attempt.get().recover(failure -> {
      if (System.currentTimeMillis() + RETRY_MS >= deadline) {
        return Future.failedFuture(failure);
      }
      LOG.debug("{} again after: {}", step, failure.toString());
      return vertx.timer(RETRY_MS).compose(v -> attempt(vertx, step, attempt, deadline));
    });
  }
}
