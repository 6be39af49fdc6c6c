package io.gceemu.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The claim on a data directory within one JVM; across processes see {@link DataDirOwnershipTest}. */
class DataDirLockTest {

  @Test
  void aHeldDirectoryIsRefusedUntilItIsReleased(@TempDir Path dataDir) throws Exception {
    long pid = ProcessHandle.current().pid();
    try (DataDirLock held = DataDirLock.acquire(dataDir)) {
      assertEquals(pid + "\n", Files.readString(dataDir.resolve("emulator.lock")));
      DataDirLock.InUse refused = assertThrows(DataDirLock.InUse.class, () -> DataDirLock.acquire(dataDir));
      assertEquals("data directory " + dataDir + " is in use by the emulator with pid " + pid, refused.getMessage());
    }
    DataDirLock.acquire(dataDir).close();
  }
}
