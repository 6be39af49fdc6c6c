package io.gceemu;

import io.gceemu.support.EmulatorProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A start that cannot succeed ends at once with one line on standard error, saying what is wrong
 * and what to do, and a non-zero exit status; run as its users run it, in a process of its own.
 */
class StartupFailureTest {

  @Test
  void aPortInUseIsNamedBeforeAnythingStarts(@TempDir Path dataDir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      EmulatorProcess.Exit exit = EmulatorProcess.runToExit(List.of("--port", String.valueOf(port), "--data-dir", dataDir.toString()));
      assertEquals(List.of("gce-emulator: port " + port + " is in use on 127.0.0.1; choose another with --port"), exit.stderr());
      assertEquals(1, exit.status());
      assertFalse(Files.exists(dataDir.resolve("postgres")), "no Postgres was started for an emulator that cannot listen");
    }
  }

  @Test
  void anUnreachableDatabaseIsNamedWithItsAddress() throws Exception {
    EmulatorProcess.Exit exit = EmulatorProcess.runToExit(List.of("--port", "0", "--db-url", "postgresql://u:p@127.0.0.1:1/db"));
    assertOneLine(exit, "gce-emulator: cannot reach the database at 127.0.0.1:1 (", "); start it or correct --db-url");
    assertTrue(exit.stderr().get(0).contains("Connection refused"), exit.stderr().get(0));
    assertEquals(1, exit.status());
  }

  @Test
  void aDataDirectoryThatCannotBeCreatedIsNamed(@TempDir Path folder) throws Exception {
    Path file = Files.createFile(folder.resolve("a-file"));
    Path dataDir = file.resolve("data");
    EmulatorProcess.Exit exit = EmulatorProcess.runToExit(List.of("--port", "0", "--data-dir", dataDir.toString()));
    assertOneLine(exit, "gce-emulator: cannot use " + dataDir + ": ", "; choose another folder with --data-dir");
    assertEquals(1, exit.status());
  }

  @Test
  void anUnknownOptionPointsToHelp() throws Exception {
    EmulatorProcess.Exit exit = EmulatorProcess.runToExit(List.of("--prot", "8080"));
    assertEquals(List.of("gce-emulator: unknown option --prot (see --help)"), exit.stderr());
    assertEquals(2, exit.status());
  }

  private static void assertOneLine(EmulatorProcess.Exit exit, String prefix, String suffix) {
    assertEquals(1, exit.stderr().size(), String.join("\n", exit.stderr()));
    String line = exit.stderr().get(0);
    assertTrue(line.startsWith(prefix) && line.endsWith(suffix), line);
  }
}
