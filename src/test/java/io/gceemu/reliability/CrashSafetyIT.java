package io.gceemu.reliability;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorProcess;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar with its embedded Postgres, under concurrent inserts, stops, starts, label
 * changes and deletes in several zones, with operations that take a while (realistic timing,
 * shortened), is killed with SIGKILL and started again on the same data. Every operation a client
 * received finishes (none stays RUNNING), every acknowledged insert and delete is reflected, labels
 * are at least as new as the last acknowledged change, and no instance exists that nobody asked for.
 */
class CrashSafetyIT {

  private static final Path JAR = Path.of(System.getProperty("emulator.jar", "target/gce-emulator.jar"));
  private static final List<String> ZONES = List.of("us-central1-a", "us-east1-b", "europe-west1-b", "asia-east1-a");
  private static final String TRANSITIONS = "{\"insert.PROVISIONING\":400,\"insert.STAGING\":600,\"start.PROVISIONING\":300,"
    + "\"start.STAGING\":500,\"stop.STOPPING\":800,\"delete.STOPPING\":800}";
  private static final int WORKERS = 4;

  private record Vm(String project, String zone, String name) {
    String path() {
      return Http.zonePath(project, zone) + "/instances/" + name;
    }
  }

  private record Acked(String project, String zone, String operation) {
  }

  private final Set<Vm> askedFor = ConcurrentHashMap.newKeySet();
  private final Set<Vm> inserted = ConcurrentHashMap.newKeySet();
  private final Set<Vm> deleteSent = ConcurrentHashMap.newKeySet();
  private final Set<Vm> deleted = ConcurrentHashMap.newKeySet();
  private final Map<Vm, Integer> labelled = new ConcurrentHashMap<>();
  private final List<Acked> operations = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicBoolean loading = new AtomicBoolean(true);

  @Test
  void afterSigkillEveryAcknowledgedOperationFinishesAndNothingIsLostOrInvented(@TempDir Path data) throws Exception {
    List<String> arguments = List.of("--port", "0", "--data-dir", data.toString(), "--timing", "realistic", "--transition-ms", TRANSITIONS);
    EmulatorProcess first = EmulatorProcess.fromJar(JAR, List.of("-Xmx512m"), arguments);
    EmulatorProcess second = null;
    try {
      Http http = new Http(first.baseUrl());
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        String project = "crash-" + w + "-" + UUID.randomUUID().toString().substring(0, 6);
        Thread worker = new Thread(() -> work(http, project), "crash-load-" + w);
        worker.start();
        workers.add(worker);
      }
      Thread.sleep(5_000);
      first.process().destroyForcibly();
      first.process().waitFor(30, TimeUnit.SECONDS);
      loading.set(false);
      for (Thread worker : workers) {
        worker.join(60_000);
      }

      second = EmulatorProcess.fromJar(JAR, List.of("-Xmx512m"), arguments);
      Http after = new Http(second.baseUrl());
      System.out.println("acknowledged before the kill: " + operations.size() + " operations, " + inserted.size() + " inserts, "
        + deleted.size() + " deletes, " + labelled.size() + " label changes");
      assertTrue(operations.size() > 30, "too little load to prove anything: " + operations.size());
      everyAcknowledgedOperationFinishes(after);
      everyAcknowledgedChangeIsThere(after);
    } finally {
      first.process().destroyForcibly();
      if (second != null) {
        second.process().destroy();
        second.process().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private void everyAcknowledgedOperationFinishes(Http http) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (Acked acked : operations) {
      String path = Http.zonePath(acked.project(), acked.zone()) + "/operations/" + acked.operation();
      Http.Response operation = http.post(path + "/wait", "");
      while (operation.status() == 200 && !"DONE".equals(operation.json().getString("status")) && System.nanoTime() < deadline) {
        operation = http.post(path + "/wait", "");
      }
      assertEquals(200, operation.status(), acked + " is gone after the restart: " + operation.body());
      assertEquals("DONE", operation.json().getString("status"), acked + " never finished");
    }
  }

  private void everyAcknowledgedChangeIsThere(Http http) {
    Map<String, Map<String, JsonObject>> stored = new HashMap<>();
    Set<String> projects = new HashSet<>();
    askedFor.forEach(vm -> projects.add(vm.project()));
    for (String project : projects) {
      for (String zone : ZONES) {
        JsonArray items = http.get(Http.zonePath(project, zone) + "/instances?maxResults=500").json().getJsonArray("items", new JsonArray());
        Map<String, JsonObject> byName = new HashMap<>();
        for (Object item : items) {
          JsonObject instance = (JsonObject) item;
          assertTrue(byName.put(instance.getString("name"), instance) == null, "two instances named " + instance.getString("name"));
          assertTrue(askedFor.contains(new Vm(project, zone, instance.getString("name"))), "nobody asked for " + instance.getString("name"));
        }
        stored.put(project + "/" + zone, byName);
      }
    }
    for (Vm vm : inserted) {
      if (!deleteSent.contains(vm)) {
        assertTrue(stored.get(vm.project() + "/" + vm.zone()).containsKey(vm.name()), "acknowledged insert lost: " + vm);
      }
    }
    for (Vm vm : deleted) {
      assertFalse(stored.get(vm.project() + "/" + vm.zone()).containsKey(vm.name()), "acknowledged delete undone: " + vm);
    }
    labelled.forEach((vm, generation) -> {
      JsonObject instance = stored.get(vm.project() + "/" + vm.zone()).get(vm.name());
      if (instance != null) {
        int stored_ = Integer.parseInt(instance.getJsonObject("labels", new JsonObject()).getString("generation", "0"));
        assertTrue(stored_ >= generation, vm + " has label generation " + stored_ + ", acknowledged " + generation);
      }
    });
  }

  /** One client: its own instances, one request at a time, every kind of change. */
  private void work(Http http, String project) {
    List<Vm> live = new ArrayList<>();
    Map<Vm, Integer> generations = new HashMap<>();
    int counter = 0;
    while (loading.get()) {
      int dice = ThreadLocalRandom.current().nextInt(100);
      try {
        if (live.isEmpty() || dice < 35) {
          String zone = ZONES.get(ThreadLocalRandom.current().nextInt(ZONES.size()));
          Vm vm = new Vm(project, zone, "vm-" + counter++);
          askedFor.add(vm);
          Http.Response insert = http.post(Http.zonePath(project, zone) + "/instances?requestId=" + UUID.randomUUID(), Bodies.instance(vm.name(), zone));
          if (acknowledged(vm, insert)) {
            inserted.add(vm);
            live.add(vm);
          }
          continue;
        }
        Vm vm = live.get(ThreadLocalRandom.current().nextInt(live.size()));
        if (dice < 55) {
          acknowledged(vm, http.post(vm.path() + (dice < 45 ? "/stop" : "/start"), ""));
        } else if (dice < 85) {
          JsonObject current = http.get(vm.path()).json();
          int generation = generations.merge(vm, 1, Integer::sum);
          JsonObject labels = new JsonObject().put("generation", Integer.toString(generation));
          if (acknowledged(vm, http.post(vm.path() + "/setLabels",
              new JsonObject().put("labels", labels).put("labelFingerprint", current.getString("labelFingerprint"))))) {
            labelled.put(vm, generation);
          }
        } else {
          live.remove(vm);
          deleteSent.add(vm);
          if (acknowledged(vm, http.delete(vm.path()))) {
            deleted.add(vm);
          }
        }
      } catch (RuntimeException e) {
        // The emulator died under this request: its outcome is unknown, and nothing is assumed.
      }
    }
  }

  /** A mutation is acknowledged when its operation came back; that operation must then finish. */
  private boolean acknowledged(Vm vm, Http.Response response) {
    if (response.status() != 200 || !"compute#operation".equals(response.json().getString("kind"))) {
      return false;
    }
    operations.add(new Acked(vm.project(), vm.zone(), response.json().getString("name")));
    return true;
  }
}
