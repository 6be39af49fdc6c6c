package io.gceemu.store;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorProcess;
import io.gceemu.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A data directory belongs to one running emulator: a second one started on it refuses, naming
 * the folder and the pid that holds it, and leaves the first one's Postgres alone. (After the
 * holder dies, even by {@code kill -9}, the next start takes the folder over: {@link KillNineTest}.)
 */
class DataDirOwnershipTest {

  @Test
  void aSecondEmulatorOnALiveDataDirectoryRefusesAndTheFirstKeepsServing(@TempDir Path dataDir) throws Exception {
    String project = Http.newProject();
    String zonePath = Http.zonePath(project, "europe-west1-b");
    EmulatorProcess first = EmulatorProcess.start(List.of("--port", "0", "--data-dir", dataDir.toString()));
    try {
      EmulatorProcess.Exit second = EmulatorProcess.runToExit(List.of("--port", "0", "--data-dir", dataDir.toString()));
      assertEquals(List.of("gce-emulator: data directory " + dataDir + " is in use by the emulator with pid "
        + first.process().pid() + "; stop it or choose another with --data-dir"), second.stderr());
      assertEquals(1, second.status());

      Http http = new Http(first.baseUrl());
      assertEquals(200, http.post(zonePath + "/instances", Bodies.instance("still-served", "europe-west1-b")).status());
      assertEquals("RUNNING", http.get(zonePath + "/instances/still-served").json().getString("status"));
    } finally {
      first.process().destroy();
      assertTrue(first.process().waitFor(60, TimeUnit.SECONDS));
    }
  }
}
