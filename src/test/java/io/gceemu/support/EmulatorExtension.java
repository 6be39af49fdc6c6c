package io.gceemu.support;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One emulator for a test class, on a free port against the shared test database:
 * {@code @RegisterExtension static EmulatorExtension emulator = new EmulatorExtension();}
 */
public final class EmulatorExtension implements BeforeAllCallback, AfterAllCallback {

  private RunningEmulator running;
  private Http http;

  @Override
  public void beforeAll(ExtensionContext context) {
    running = RunningEmulator.start();
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
