package io.gceemu.runtime;

import com.google.cloud.compute.v1.InstancesClient;
import io.gceemu.support.ExternalTools;
import io.gceemu.support.Http;
import io.gceemu.support.RunningEmulator;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the runtime's tests share: the check that the host can run sandboxes, the runtime directory, a custom network. */
final class Sandboxes {

  /** Shared by the runs of this machine, so that the base system is built once (about 40 s). */
  static final Path RUNTIME = Path.of("target", "vm-runtime").toAbsolutePath();

  private Sandboxes() {
  }

  /** Skips the test where the host cannot run sandboxes, or fails it under {@code GCE_EMU_REQUIRE_TOOLS=1}. */
  static void assumeHostCanRunThem(String test) {
    ExternalTools.assumeInstalled(test, RuntimeCheck.missing()
      .map(missing -> missing + " (run as root with: apt-get install bubblewrap debootstrap nftables iproute2)").orElse(null));
  }

  /** An emulator with the sandbox runtime, on the shared runtime directory. */
  static RunningEmulator emulator() {
    return RunningEmulator.start(new JsonObject().put("runtime", "sandbox").put("runtimeDir", RUNTIME.toString()));
  }

  /** A custom-mode network of one subnetwork of its name in us-central1. */
  static void network(Http http, String project, String name, String range) {
    assertEquals(200, http.post("/compute/v1/projects/" + project + "/global/networks", new JsonObject().put("name", name)
      .put("autoCreateSubnetworks", false)).status());
    assertEquals(200, http.post("/compute/v1/projects/" + project + "/regions/us-central1/subnetworks", new JsonObject()
      .put("name", name).put("network", "global/networks/" + name).put("ipCidrRange", range)).status());
  }

  /** The serial console once it shows what is awaited; the first boot may build the base system first. */
  static String console(InstancesClient instances, String project, String zone, String vm, Predicate<String> awaited)
    throws InterruptedException {
    long deadline = System.currentTimeMillis() + 180_000;
    while (true) {
      String contents = instances.getSerialPortOutput(project, zone, vm).getContents();
      if (awaited.test(contents)) {
        return contents;
      }
      assertTrue(System.currentTimeMillis() < deadline, "the console never showed it: " + contents);
      Thread.sleep(200);
    }
  }
}
