package io.gceemu.runtime;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * External addresses, served on the host: a VM with an access config (a {@code natIP}) has each
 * TCP port that its network's firewall opens to the outside ({@link FirewallRuleset#openToOutside})
 * forwarded from a port of the host's loopback, by a small forwarder per port run by the base
 * system's python3. GCE's fields are left as they are; the mapping is the emulator's own
 * ({@code GET /_emulator/forwards}). Blocking.
 */
final class PortForwards {

  /** One VM port as the host reaches it. */
  record Forward(int hostPort, Process forwarder) {
  }

  private final Path script;
  private boolean written;
  /** Each VM's forwards, by the VM's port. */
  private final Map<Long, Map<Integer, Forward>> forwards = new ConcurrentHashMap<>();

  PortForwards(Path runtimeDir) {
    this.script = runtimeDir.resolve("port-forward.py");
  }

  /** Forwards the ports given to the VM (none when it has no external address), and no other. */
  synchronized void forward(Vm vm, Set<Integer> ports, Path root) throws IOException {
    Map<Integer, Forward> current = forwards.computeIfAbsent(vm.id(), id -> new ConcurrentHashMap<>());
    Set<Integer> wanted = vm.natIP() == null || vm.ip() == null ? Set.of() : ports;
    for (Integer port : Set.copyOf(current.keySet())) {
      if (!wanted.contains(port)) {
        current.remove(port).forwarder().destroyForcibly();
      }
    }
    for (int port : wanted) {
      if (!current.containsKey(port)) {
        current.put(port, start(vm, port, root));
      }
    }
  }

  private Forward start(Vm vm, int port, Path root) throws IOException {
    // Once per run: the copy a former version left is not this one's.
    if (!written) {
      try (InputStream forwarder = PortForwards.class.getResourceAsStream("/runtime/port-forward.py")) {
        Files.write(script, forwarder.readAllBytes());
      }
      written = true;
    }
    String network = "/run/netns/" + VpcNetworks.networkNamespace(vm.network());
    Process forwarder = new ProcessBuilder("sh", "-c", "exec 3<" + network + "; exec chroot " + root + " python3 - " + vm.ip() + " " + port
      + " < " + script).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String hostPort = new BufferedReader(new InputStreamReader(forwarder.getInputStream(), StandardCharsets.UTF_8)).readLine();
    if (hostPort == null || !hostPort.matches("\\d+")) {
      forwarder.destroyForcibly();
      throw new IOException("the forwarder of " + vm.hostname() + ":" + port + " did not start");
    }
    return new Forward(Integer.parseInt(hostPort), forwarder);
  }

  /** Ends the VM's forwards. */
  void remove(long id) {
    Map<Integer, Forward> gone = forwards.remove(id);
    if (gone != null) {
      gone.values().forEach(forward -> forward.forwarder().destroyForcibly());
    }
  }

  /** The forwards of the VMs given, as the emulator shows them. */
  JsonArray shown(Map<Long, Vm> vms) {
    JsonArray shown = new JsonArray();
    vms.values().forEach(vm -> new TreeMap<>(forwards.getOrDefault(vm.id(), Map.of())).forEach((port, forward) -> shown.add(new JsonObject()
      .put("instance", "projects/" + vm.project() + "/zones/" + vm.zone() + "/instances/" + vm.hostname())
      .put("natIP", vm.natIP()).put("port", port).put("hostAddress", "127.0.0.1:" + forward.hostPort()))));
    return shown;
  }

  void close() {
    Set.copyOf(forwards.keySet()).forEach(this::remove);
  }
}
