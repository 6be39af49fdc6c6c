package io.gceemu.reliability;

import io.gceemu.store.DatabaseUrl;
import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.RunningEmulator;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Postgres stopped under a running emulator (its own server, on a fixed port) and started again:
 * writes fail fast with GCE's 503, keep nothing in memory, reads go on, and the emulator recovers
 * by itself once Postgres is back.
 */
class DatabaseOutageTest {

  private static final String ZONE = "us-central1-a";

  @Test
  void writesFailFastWhilePostgresIsDownReadsGoOnAndItRecoversWithoutARestart(@TempDir Path dir) throws Exception {
    int port = freePort();
    EmbeddedPostgres postgres = start(dir, port);
    try (RunningEmulator emulator = RunningEmulator.startOn(DatabaseUrl.embedded(port), new JsonObject())) {
      Http http = new Http(emulator.baseUrl());
      String instances = Http.zonePath(Http.newProject(), ZONE) + "/instances";
      assertEquals(200, http.post(instances, Bodies.instance("before", ZONE)).status());

      postgres.close();
      for (int i = 0; i < 3; i++) {
        long sent = System.nanoTime();
        Http.Response insert = http.post(instances, Bodies.instance("during-" + i, ZONE));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertEquals(503, insert.status(), insert.body());
        assertEquals("backendError", insert.reason());
        assertTrue(tookMs <= 5_000, "a write failed only after " + tookMs + " ms");
        Http.Response stop = http.post(instances + "/before/stop", "");
        assertEquals(503, stop.status(), stop.body());
      }
      // Reads need no write: served from memory, without the changes that could not be written.
      Http.Response read = http.get(instances + "/before");
      assertEquals(200, read.status());
      assertEquals("RUNNING", read.json().getString("status"));
      assertEquals(1, http.get(instances).json().getJsonArray("items").size());
      assertEquals(404, http.get(instances + "/during-0").status());

      postgres = start(dir, port);
      long back = System.nanoTime();
      Http.Response insert = http.post(instances, Bodies.instance("after", ZONE));
      while (insert.status() != 200 && System.nanoTime() - back < TimeUnit.SECONDS.toNanos(10)) {
        Thread.sleep(100);
        insert = http.post(instances, Bodies.instance("after", ZONE));
      }
      long recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
      System.out.println("writes succeeded again " + recoveredMs + " ms after Postgres was back");
      assertEquals(200, insert.status(), insert.body());
      assertTrue(recoveredMs <= 5_000, "recovered only after " + recoveredMs + " ms");
      assertEquals(200, http.post(instances + "/before/stop", "").status());
      assertEquals("TERMINATED", http.get(instances + "/before").json().getString("status"));
      assertEquals(404, http.get(instances + "/during-0").status());
      assertEquals(2, http.get(instances).json().getJsonArray("items").size());
    } finally {
      postgres.close();
    }
  }

  @Test
  void whenPostgresHangsWritesFailFastReadsAreNotHeldAndMemoryAgreesWithPostgresAfterwards(@TempDir Path dir) throws Exception {
    int port = freePort();
    EmbeddedPostgres postgres = start(dir, port);
    try (RunningEmulator emulator = RunningEmulator.startOn(DatabaseUrl.embedded(port), new JsonObject())) {
      Http http = new Http(emulator.baseUrl());
      String project = Http.newProject();
      String instances = Http.zonePath(project, ZONE) + "/instances";
      assertEquals(200, http.post(instances, Bodies.instance("before", ZONE)).status());

      List<ProcessHandle> server = postgresProcesses(dir);
      signal("STOP", server);
      try {
        for (int i = 0; i < 3; i++) {
          long sent = System.nanoTime();
          Http.Response insert = http.post(instances, Bodies.instance("during-" + i, ZONE));
          long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
          assertEquals(503, insert.status(), insert.body());
          assertTrue(tookMs <= 5_000, "a write failed only after " + tookMs + " ms");
          sent = System.nanoTime();
          assertEquals(200, http.get(instances + "/before").status());
          long readMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
          assertTrue(readMs <= 1_000, "a read waited " + readMs + " ms");
        }
      } finally {
        signal("CONT", server);
      }
      long back = System.nanoTime();
      Http.Response insert = http.post(instances, Bodies.instance("after", ZONE));
      while (insert.status() != 200 && System.nanoTime() - back < TimeUnit.SECONDS.toNanos(10)) {
        Thread.sleep(100);
        insert = http.post(instances, Bodies.instance("after", ZONE));
      }
      assertEquals(200, insert.status(), insert.body());
      long recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
      System.out.println("after a hang, writes succeeded again " + recoveredMs + " ms later");
      assertTrue(recoveredMs <= 5_000, "recovered only after " + recoveredMs + " ms");
      // A write that timed out may have committed once Postgres woke: the zone must show what Postgres holds.
      Set<String> served = new TreeSet<>();
      http.get(instances).json().getJsonArray("items").forEach(item -> served.add(((JsonObject) item).getString("name")));
      assertEquals(stored(port, project), served);
    } finally {
      postgres.close();
    }
  }

  private static Set<String> stored(int port, String project) throws Exception {
    Set<String> names = new TreeSet<>();
    try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", null);
         PreparedStatement query = db.prepareStatement("SELECT name FROM compute_resources WHERE collection = 'instances' AND project = ?")) {
      query.setString(1, project);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    return names;
  }

  /** The server's processes: the postmaster (from its pid file) and its children, the sessions. */
  private static List<ProcessHandle> postgresProcesses(Path dir) throws IOException {
    long pid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
    all.add(0, postmaster);
    return all;
  }

  private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
    for (ProcessHandle process : processes) {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static EmbeddedPostgres start(Path dir, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
      .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on").start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
