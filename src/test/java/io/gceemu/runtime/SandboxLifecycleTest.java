package io.gceemu.runtime;

import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import io.gceemu.support.Http;
import io.gceemu.support.JavaClients;
import io.gceemu.support.RunningEmulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A VM is held to its machine type (its memory a limit its processes cannot pass, its vCPUs a CPU
 * quota); suspend and resume freeze and thaw it where it is, as GCE keeps a suspended VM's
 * memory; and its status follows what the guest does: its reboot keeps it RUNNING, its poweroff
 * makes it TERMINATED.
 */
class SandboxLifecycleTest {

  private static final String ZONE = "us-central1-a";
  private static final Pattern TICK = Pattern.compile("tick (\\d+)");

  @Test
  void aVmIsHeldToItsMachineTypesMemoryAndCpus() throws Exception {
    Sandboxes.assumeHostCanRunThem("SandboxLifecycleTest");
    try (RunningEmulator emulator = Sandboxes.emulator();
         InstancesClient instances = JavaClients.instances(emulator.baseUrl())) {
      String project = Http.newProject();
      // e2-micro: 2 vCPUs, 1,024 MB.
      String allocate = "python3 -c 'import sys; b = bytearray(int(sys.argv[1]) * 1024 ** 2); print(\"allocated\", sys.argv[1], \"MB\")'";
      insert(instances, project, "small", "e2-micro", allocate + " 256; echo \"python exit $?\"\n" + allocate + " 2048; echo \"python exit $?\"");
      String console = console(instances, project, "small", text -> text.split("python exit", -1).length == 3);
      assertTrue(console.contains("startup-script: allocated 256 MB"), console);
      assertFalse(console.contains("allocated 2048 MB"), "more memory than the machine type's is not had: " + console);
      assertTrue(console.contains("startup-script: python exit 137"), "the process is killed by the memory limit: " + console);
      long id = instances.get(project, ZONE, "small").getId();
      Path cpu = cgroup("cpu", id);
      if (Files.exists(cpu.resolve("cpu.cfs_quota_us"))) {
        assertEquals("200000", Files.readString(cpu.resolve("cpu.cfs_quota_us")).trim(), "2 vCPUs: a quota of two CPUs");
        assertEquals(Long.toString(1024L * 1024 * 1024), Files.readString(cgroup("memory", id).resolve("memory.limit_in_bytes")).trim());
      } else {
        assertEquals("200000 100000", Files.readString(Path.of("/sys/fs/cgroup", SandboxRuntime.PREFIX + "i-" + id, "cpu.max")).trim());
      }
    }
  }

  @Test
  void suspendFreezesTheVmWhereItIsAndResumeCarriesOn() throws Exception {
    Sandboxes.assumeHostCanRunThem("SandboxLifecycleTest");
    try (RunningEmulator emulator = Sandboxes.emulator();
         InstancesClient instances = JavaClients.instances(emulator.baseUrl())) {
      String project = Http.newProject();
      insert(instances, project, "ticker", "e2-micro", "i=0; while true; do i=$((i+1)); echo \"tick $i\"; sleep 0.1; done");
      console(instances, project, "ticker", text -> lastTick(text) >= 3);
      instances.suspendAsync(project, ZONE, "ticker").get();
      Thread.sleep(300);
      int frozen = lastTick(console(instances, project, "ticker", text -> true));
      Thread.sleep(1_500);
      assertEquals(frozen, lastTick(console(instances, project, "ticker", text -> true)), "a suspended VM runs nothing");
      instances.resumeAsync(project, ZONE, "ticker").get();
      String resumed = console(instances, project, "ticker", text -> lastTick(text) > frozen + 3);
      assertEquals(1, resumed.split("Found startup-script", -1).length - 1, "resumed where it was, not booted again: " + resumed);
      assertTrue(resumed.contains("tick " + (frozen + 1) + "\n"), resumed);
    }
  }

  @Test
  void theGuestsRebootKeepsItRunningAndItsPoweroffTerminatesIt() throws Exception {
    Sandboxes.assumeHostCanRunThem("SandboxLifecycleTest");
    try (RunningEmulator emulator = Sandboxes.emulator();
         InstancesClient instances = JavaClients.instances(emulator.baseUrl());
         ZoneOperationsClient operations = JavaClients.zoneOperations(emulator.baseUrl())) {
      String project = Http.newProject();
      insert(instances, project, "guest", "e2-micro", "if [ -e /var/lib/rebooted ]; then echo 'second boot'; sleep 0.5; poweroff;"
        + " else touch /var/lib/rebooted; echo 'first boot'; reboot; fi");
      String console = console(instances, project, "guest", text -> text.contains("second boot"));
      assertTrue(console.indexOf("first boot") < console.indexOf("reboot: Restarting system"), console);
      long deadline = System.currentTimeMillis() + 30_000;
      while (!instances.get(project, ZONE, "guest").getStatus().equals("TERMINATED")) {
        assertTrue(System.currentTimeMillis() < deadline, "the guest's poweroff terminates the instance");
        Thread.sleep(100);
      }
      assertTrue(console(instances, project, "guest", text -> true).contains("reboot: Power down"));
      List<String> types = new java.util.ArrayList<>();
      operations.list(project, ZONE).iterateAll().forEach(operation -> types.add(operation.getOperationType()));
      assertTrue(types.contains("compute.instances.guestTerminate"), types.toString());
      instances.startAsync(project, ZONE, "guest").get();
      assertEquals("RUNNING", instances.get(project, ZONE, "guest").getStatus());
    }
  }

  private static int lastTick(String console) {
    Matcher tick = TICK.matcher(console);
    int last = 0;
    while (tick.find()) {
      last = Integer.parseInt(tick.group(1));
    }
    return last;
  }

  /** The VM's cgroup of a v1 controller, under the emulator's (this JVM's) own. */
  private static Path cgroup(String controller, long id) throws Exception {
    List<String> own = Files.readAllLines(Path.of("/proc/self/cgroup"));
    String path = own.stream().map(line -> line.split(":", 3)).filter(parts -> List.of(parts[1].split(",")).contains(controller))
      .map(parts -> parts[2]).findFirst().orElse("/");
    return Path.of("/sys/fs/cgroup", controller, path.substring(1), SandboxRuntime.PREFIX + "i-" + id);
  }

  private static void insert(InstancesClient instances, String project, String name, String type, String startup) throws Exception {
    instances.insertAsync(project, ZONE, Instance.newBuilder().setName(name).setMachineType("zones/" + ZONE + "/machineTypes/" + type)
      .setMetadata(Metadata.newBuilder().addItems(Items.newBuilder().setKey("startup-script").setValue(startup))).build()).get();
  }

  private static String console(InstancesClient instances, String project, String vm, Predicate<String> awaited)
    throws InterruptedException {
    return Sandboxes.console(instances, project, ZONE, vm, awaited);
  }
}
