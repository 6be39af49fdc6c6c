package io.gceemu.reliability;

import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.Zone;
import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many clients read-modify-write one instance's labels at once, each adding its own label with the
 * fingerprint it read: every request is answered, a stale fingerprint is refused with 412, and in
 * the end every client's label is there, which only a serial order of the accepted writes gives (a
 * lost update would drop one). Then the same in every zone at once.
 */
class ConcurrentMutationTest {

  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();

  @Test
  void sixtyFourClientsOnOneInstance() throws Exception {
    String project = Http.newProject();
    String zone = "us-central1-a";
    AtomicInteger refused = new AtomicInteger();
    run(List.of(instance(project, zone)), 64, refused);
    System.out.println("64 clients on one instance: " + refused.get() + " writes refused for a stale fingerprint");
    assertTrue(refused.get() > 0, "no client ever raced another");
  }

  @Test
  void sixtyFourClientsOverEveryZoneAtOnce() throws Exception {
    String project = Http.newProject();
    List<String> instances = new ArrayList<>();
    for (Zone zone : Catalog.load().zones()) {
      instances.add(instance(project, zone.name()));
    }
    run(instances, 64, new AtomicInteger());
  }

  private static String instance(String project, String zone) {
    String path = Http.zonePath(project, zone) + "/instances";
    assertEquals(200, EMULATOR.http().post(path, Bodies.instance("shared", zone)).status());
    return path + "/shared";
  }

  /** {@code clients} clients, spread over the instances, each adding one label; then each instance holds all of its clients' labels. */
  private static void run(List<String> instances, int clients, AtomicInteger refused) throws Exception {
    Http http = EMULATOR.http();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        String instance = instances.get(c % instances.size());
        String key = "client-" + c;
        done.add(pool.submit(() -> {
          for (int attempt = 0; attempt < 1_000; attempt++) {
            JsonObject current = http.get(instance).json();
            JsonObject labels = current.getJsonObject("labels", new JsonObject()).copy().put(key, "here");
            Http.Response set = http.post(instance + "/setLabels",
              new JsonObject().put("labels", labels).put("labelFingerprint", current.getString("labelFingerprint")));
            if (set.status() == 200) {
              return null;
            }
            assertEquals(412, set.status(), set.body());
            assertEquals("conditionNotMet", set.reason());
            refused.incrementAndGet();
          }
          throw new AssertionError(key + " never got its write in");
        }));
      }
      for (Future<?> client : done) {
        client.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < instances.size(); i++) {
      JsonObject labels = http.get(instances.get(i)).json().getJsonObject("labels");
      for (int c = i; c < clients; c += instances.size()) {
        assertEquals("here", labels.getString("client-" + c), instances.get(i) + " lost client-" + c + "'s label: " + labels);
      }
    }
  }
}
