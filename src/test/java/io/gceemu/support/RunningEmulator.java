package io.gceemu.support;

import io.gceemu.Emulator;
import io.gceemu.config.EmulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;

import java.util.concurrent.TimeUnit;

/** An emulator started on a free port against the test database, for one test class. */
public final class RunningEmulator implements AutoCloseable {

  private final Vertx vertx;
  private final Emulator emulator;

  private RunningEmulator(Vertx vertx, Emulator emulator) {
    this.vertx = vertx;
    this.emulator = emulator;
  }

  public static RunningEmulator start() {
    return start(new JsonObject());
  }

  /** @param overrides configuration keys to set on top of the test defaults */
  public static RunningEmulator start(JsonObject overrides) {
    TestDatabase.truncate();
    return startKeepingData(overrides);
  }

  /** Starts on whatever the database holds, as after a restart. */
  public static RunningEmulator startKeepingData(JsonObject overrides) {
    return startOn(TestDatabase.options(), overrides);
  }

  /** Starts on a database of the test's own. */
  public static RunningEmulator startOn(PgConnectOptions database, JsonObject overrides) {
    // A line per request would bury the test output; RequestLogTest turns it on.
    EmulatorConfig config = EmulatorConfig.fromJson(new JsonObject().put("port", 0).put("requestLog", "none").mergeIn(overrides));
    Vertx vertx = Vertx.vertx();
    try {
      Emulator emulator = Emulator.start(vertx, config, database)
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new RunningEmulator(vertx, emulator);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("the emulator did not start", e);
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return emulator.port();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The metadata server's port, when {@code metadataPort} was given. */
  public int metadataPort() {
    return emulator.metadataPort();
  }

  @Override
  public void close() throws Exception {
    emulator.stop().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
