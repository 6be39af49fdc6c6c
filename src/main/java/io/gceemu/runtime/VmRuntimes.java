package io.gceemu.runtime;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/** The runtime the options ask for, if the host allows it; otherwise none, and one line saying why. */
public final class VmRuntimes {

  private static final Logger LOG = LoggerFactory.getLogger(VmRuntimes.class);

  private VmRuntimes() {
  }

  /** @param runtime {@code none} or {@code sandbox}, as {@code --runtime} takes it */
  public static VmRuntime start(Vertx vertx, String runtime, Path dir) {
    if (!runtime.equals("sandbox")) {
      return new NoRuntime();
    }
    return RuntimeCheck.missing().<VmRuntime>map(missing -> {
      LOG.warn("VM runtime unavailable: {}; serving the API alone", missing);
      return new NoRuntime();
    }).orElseGet(() -> {
      LOG.info("VM runtime: sandbox, in {}", dir);
      return SandboxRuntime.start(vertx, dir);
    });
  }
}
