package io.gceemu.runtime;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;

/** The runtime the options ask for, if the host allows it; otherwise none, and one line saying why. */
public final class VmRuntimes {

  private static final Logger LOG = LoggerFactory.getLogger(VmRuntimes.class);

  private VmRuntimes() {
  }

  /** @param runtime {@code none} or {@code sandbox}, as {@code --runtime} takes it */
  public static VmRuntime start(Vertx vertx, String runtime, Path dir) {
    return runtime.equals("sandbox") ? sandbox(vertx, dir, RuntimeCheck.missing()) : new NoRuntime();
  }

  /** @param missing what the host lacks for the sandbox runtime, as {@link RuntimeCheck} finds it */
  static VmRuntime sandbox(Vertx vertx, Path dir, Optional<String> missing) {
    return missing.<VmRuntime>map(lacking -> {
      LOG.warn("VM runtime unavailable: {}; serving the API alone", lacking);
      return new NoRuntime();
    }).orElseGet(() -> {
      LOG.info("VM runtime: sandbox, in {}", dir);
      return SandboxRuntime.start(vertx, dir);
    });
  }
}
