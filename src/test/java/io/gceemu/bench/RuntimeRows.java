package io.gceemu.bench;

import io.gceemu.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The sandbox runtime's rows ({@code -Dbench.only=runtime}, as root with the runtime's packages):
 * a VM's boot, from its insert to its startup script's first line in the serial console, over 50
 * VMs one at a time and 50 at once; the memory of 100 idle VMs (of their processes and of the
 * networks' metadata relays); the stop, then the start, of 50 VMs until each is TERMINATED, then booted again.
 */
final class RuntimeRows {

  private static final String ZONE = "us-central1-a";
  private static final String PROJECT = "runtime-bench";

  private RuntimeRows() {
  }

  static List<String> measure(String base, Path runtimeDir) throws Exception {
    Http http = new Http(base);
    String instances = Http.zonePath(PROJECT, ZONE) + "/instances";
    List<String> rows = new ArrayList<>();
    List<Long> alone = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      alone.addAll(boot(http, instances, i, i + 1));
    }
    rows.add(String.format(Locale.ROOT, "| sandbox runtime: boot, insert → startup script's first line, 50 VMs one at a time | p50 %,d ms"
      + " | p99 %,d ms | | | |", percentile(alone, 50), percentile(alone, 99)));
    List<Long> boots = boot(http, instances, 50, 100);
    rows.add(String.format(Locale.ROOT, "| sandbox runtime: boot, insert → startup script's first line, 50 VMs at once | p50 %,d ms"
      + " | p99 %,d ms | | | |", percentile(boots, 50), percentile(boots, 99)));
    long pssKb = pssKb(runtimeDir.resolve("vms").toString());
    rows.add(String.format(Locale.ROOT, "| sandbox runtime: 100 idle VMs | proportional set size %,d MB (%,d KB per VM) | | | | |",
      pssKb / 1024, pssKb / 100));
    long began = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      http.post(instances + "/vm-" + i + "/stop", "");
    }
    for (int i = 0; i < 50; i++) {
      while (!"TERMINATED".equals(http.get(instances + "/vm-" + i).json().getString("status"))) {
        Thread.sleep(10);
      }
    }
    long stopped = (System.nanoTime() - began) / 1_000_000;
    began = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      http.post(instances + "/vm-" + i + "/start", "");
    }
    for (int i = 0; i < 50; i++) {
      awaitLines(http, instances + "/vm-" + i, 2);
    }
    long started = (System.nanoTime() - began) / 1_000_000;
    rows.add(String.format(Locale.ROOT, "| sandbox runtime: stop 50 VMs, then start them | stopped after %,d ms | booted again after %,d ms | | | |",
      stopped, started));
    for (int i = 0; i < 100; i++) {
      http.delete(instances + "/vm-" + i);
    }
    return rows;
  }

  /** Inserts VMs {@code from} to {@code to}, and answers each one's boot time once all have booted. */
  private static List<Long> boot(Http http, String instances, int from, int to) throws Exception {
    List<Long> inserted = new ArrayList<>();
    for (int i = from; i < to; i++) {
      inserted.add(System.nanoTime());
      JsonObject body = new JsonObject().put("name", "vm-" + i).put("machineType", "zones/" + ZONE + "/machineTypes/e2-micro")
        .put("metadata", new JsonObject().put("items", new JsonArray().add(new JsonObject().put("key", "startup-script")
          .put("value", "echo first-line"))));
      http.post(instances, body);
    }
    List<Long> boots = new ArrayList<>();
    for (int i = from; i < to; i++) {
      awaitLines(http, instances + "/vm-" + i, 1);
      boots.add((System.nanoTime() - inserted.get(i - from)) / 1_000_000);
    }
    return boots;
  }

  private static void awaitLines(Http http, String instance, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 300_000;
    while (http.get(instance + "/serialPort").json().getString("contents", "").split("startup-script: first-line", -1).length <= count) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(instance + " never booted");
      }
      Thread.sleep(5);
    }
  }

  /**
   * The memory of the runtime's processes, the sandboxes (their command lines name the VMs'
   * directory) and the relays: their proportional set sizes, so that the pages they share (one
   * bash, one bwrap) count once in all.
   */
  private static long pssKb(String vms) throws IOException {
    long total = 0;
    for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
      String line = process.info().commandLine().orElse("");
      if (line.contains(vms) || line.contains("gce-emu-n-") || isInSandbox(process, vms)) {
        total += pss(process.pid());
      }
    }
    return total;
  }

  /** A process started inside a sandbox (its init, the scripts) descends from a bwrap whose command line names the VMs' directory. */
  private static boolean isInSandbox(ProcessHandle process, String vms) {
    for (ProcessHandle parent = process.parent().orElse(null); parent != null; parent = parent.parent().orElse(null)) {
      if (parent.info().commandLine().orElse("").contains(vms)) {
        return true;
      }
    }
    return false;
  }

  private static long pss(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup")).stream().filter(line -> line.startsWith("Pss:"))
        .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long percentile(List<Long> values, int percent) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
  }
}
