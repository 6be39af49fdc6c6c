package io.gceemu.store;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulator as its users run it, in its own process with its embedded Postgres: after a
 * {@code kill -9} mid-life, a new start on the same data folder works and serves every
 * acknowledged change.
 */
class KillNineTest {

  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  @Test
  void stateSurvivesKillNineAndTheOrphanedPostgresIsHandled(@TempDir Path dataDir) throws Exception {
    String project = Http.newProject();
    String zonePath = Http.zonePath(project, "us-east1-c");
    EmulatorProcess first = EmulatorProcess.start(dataDir);
    JsonObject vm;
    try {
      Http http = new Http(first.baseUrl);
      assertEquals(200, http.post(zonePath + "/instances", Bodies.instanceWithEverything("survivor", "us-east1-c")).status());
      assertEquals(200, http.post(zonePath + "/instances/survivor/stop", "").status());
      vm = http.get(zonePath + "/instances/survivor").json();
    } finally {
      first.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "the killed emulator left its Postgres behind");

    EmulatorProcess second = EmulatorProcess.start(dataDir);
    try {
      Http http = new Http(second.baseUrl);
      assertEquals(vm, http.get(zonePath + "/instances/survivor").json());
      assertEquals(200, http.post(zonePath + "/instances/survivor/start", "").status());
      assertEquals("RUNNING", http.get(zonePath + "/instances/survivor").json().getString("status"));
    } finally {
      second.process.destroy();
      assertTrue(second.process.waitFor(60, TimeUnit.SECONDS));
    }
    assertFalse(Files.exists(dataDir.resolve("postgres/postmaster.pid")), "a clean stop also stops Postgres");
  }

  /** The packaged entry point, started with the test's class path. */
  private record EmulatorProcess(Process process, String baseUrl) {

    static EmulatorProcess start(Path dataDir) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), "io.gceemu.Main",
        "--port", "0", "--data-dir", dataDir.toString()))
        .redirectErrorStream(true).start();
      BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      String line;
      while ((line = output.readLine()) != null) {
        seen.append(line).append('\n');
        Matcher matcher = LISTENING.matcher(line);
        if (matcher.find()) {
          Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }));
          drain.setDaemon(true);
          drain.start();
          return new EmulatorProcess(process, matcher.group(1));
        }
      }
      throw new IllegalStateException("the emulator exited before listening:\n" + seen);
    }
  }
}
