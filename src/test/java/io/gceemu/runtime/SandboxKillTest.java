package io.gceemu.runtime;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorProcess;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of an emulator running sandboxes: they die with it at once; its next start
 * removes what it left (the namespaces, the cgroups) and boots the instance that was RUNNING again; a clean
 * stop then leaves nothing of the runtime on the host.
 */
class SandboxKillTest {

  private static final String ZONE = "us-central1-a";

  @Test
  void aKilledEmulatorsSandboxesDieWithItAndItsNextStartLeavesNothingBehind(@TempDir Path dataDir) throws Exception {
    Sandboxes.assumeHostCanRunThem("SandboxKillTest");
    List<String> arguments = List.of("--port", "0", "--data-dir", dataDir.toString(), "--runtime", "sandbox",
      "--runtime-dir", Sandboxes.RUNTIME.toString(), "--request-log", "none");
    String project = Http.newProject();
    String instance = Http.zonePath(project, ZONE) + "/instances/kept";
    EmulatorProcess first = EmulatorProcess.start(arguments);
    long id;
    try {
      Http http = new Http(first.baseUrl());
      JsonObject body = Bodies.instance("kept", ZONE).put("metadata", new JsonObject().put("items", new JsonArray()
        .add(new JsonObject().put("key", "startup-script").put("value", "echo booted"))));
      assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/instances", body).status());
      boots(http, instance, 1);
      id = Long.parseLong(http.get(instance).json().getString("id"));
      assertTrue(sandboxes(id) > 0, "its sandbox runs");
    } finally {
      first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    long deadline = System.currentTimeMillis() + 5_000;
    while (processes() > 0) {
      assertTrue(System.currentTimeMillis() < deadline, "the sandbox or the metadata relay outlived the emulator that ran it");
      Thread.sleep(50);
    }
    assertTrue(namespaces() > 0, "a killed emulator leaves its namespaces (the next start removes them)");
    assertTrue(!VmCgroups.onThisHost().present().isEmpty(), "and its VMs' cgroups");

    EmulatorProcess second = EmulatorProcess.start(arguments);
    try {
      boots(new Http(second.baseUrl()), instance, 2);
    } finally {
      second.process().destroy();
      second.process().waitFor(30, TimeUnit.SECONDS);
    }
    assertEquals(0, processes(), "no sandbox and no relay after a clean stop");
    assertEquals(0, namespaces(), "no namespace of the runtime after a clean stop");
    assertEquals(List.of(), VmCgroups.onThisHost().present(), "no cgroup of a VM after a clean stop");
  }

  /** Once the console shows {@code count} boots: the instance RUNNING when its emulator was killed boots again at the next start. */
  private static void boots(Http http, String instance, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 180_000;
    while (true) {
      String console = http.get(instance + "/serialPort").json().getString("contents", "");
      if (console.split("startup-script: booted", -1).length > count) {
        return;
      }
      assertTrue(System.currentTimeMillis() < deadline, "never booted " + count + " times: " + console);
      Thread.sleep(100);
    }
  }

  private static long sandboxes(long id) {
    return ProcessHandle.allProcesses().filter(process -> process.info().commandLine().orElse("")
      .contains(SandboxRuntime.PREFIX + id)).count();
  }

  /** Every process of the runtime: the sandboxes, named by their VM's directory, and the networks' relays, by their namespace. */
  private static long processes() {
    String vms = Sandboxes.RUNTIME.resolve("vms").toString();
    return ProcessHandle.allProcesses().map(process -> process.info().commandLine().orElse(""))
      .filter(line -> line.contains(vms) || line.contains(SandboxRuntime.PREFIX + "n-")).count();
  }

  private static long namespaces() throws IOException {
    Path netns = Path.of("/run/netns");
    if (!Files.isDirectory(netns)) {
      return 0;
    }
    try (Stream<Path> names = Files.list(netns)) {
      return names.filter(name -> name.getFileName().toString().startsWith(SandboxRuntime.PREFIX)).count();
    }
  }
}
