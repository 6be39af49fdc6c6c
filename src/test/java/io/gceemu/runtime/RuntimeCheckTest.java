package io.gceemu.runtime;

import io.gceemu.support.LogCapture;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Without root, or without the runtime's packages, the emulator serves the API alone and says in
 * one line why: the check is made of the process's user and its PATH, given here as another host
 * would have them.
 */
class RuntimeCheckTest {

  @Test
  void withoutRootTheRuntimeSaysSo() {
    assertEquals(Optional.of("the emulator does not run as root"), RuntimeCheck.missing(false, "/usr/bin:/bin"));
  }

  @Test
  void withoutAToolTheRuntimeNamesItAndItsDebianPackage(@TempDir Path emptyPath) {
    assertEquals(Optional.of("no bwrap on the PATH (Debian package bubblewrap)"), RuntimeCheck.missing(true, emptyPath.toString()));
  }

  @Test
  void aHostLackingSomethingGetsNoRuntimeAndOneLineSayingWhy(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      VmRuntime[] runtime = new VmRuntime[1];
      List<String> logged = LogCapture.during(VmRuntimes.class.getName(), () ->
        runtime[0] = VmRuntimes.sandbox(vertx, dir, Optional.of("the emulator does not run as root")));
      assertEquals("none", runtime[0].name());
      assertEquals(List.of("VM runtime unavailable: the emulator does not run as root; serving the API alone"), logged);
    } finally {
      vertx.close().await();
    }
  }
}
