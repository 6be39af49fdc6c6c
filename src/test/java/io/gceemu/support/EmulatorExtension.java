package io.gceemu.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One emulator for a test class, on a free port against the shared test database:
 * {@code @RegisterExtension static EmulatorExtension emulator = new EmulatorExtension();}
 */
public final class EmulatorExtension implements BeforeAllCallback, AfterAllCallback {

  private final JsonObject config;
  private RunningEmulator running;
  private Http http;

  public EmulatorExtension() {
    this(new JsonObject());
  }

  /** @param config configuration keys for this class's emulator, e.g. {@code timing} */
  public EmulatorExtension(JsonObject config) {
    this.config = config;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    running = RunningEmulator.start(config);
    http = new Http(running.baseUrl());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    running.close();
  }

  public Http http() {
    return http;
  }

  public String baseUrl() {
    return running.baseUrl();
  }

  public int port() {
    return running.port();
  }

  public Vertx vertx() {
    return running.vertx();
  }
}
