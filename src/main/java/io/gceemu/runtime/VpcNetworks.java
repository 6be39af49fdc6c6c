package io.gceemu.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * VPC networks as network namespaces, as measured in the runtime probe: one namespace per network
 * (so two networks may use the same ranges, and nothing is added to the host's routes, firewall
 * or sysctls), one per VM holding its {@code eth0}. As on GCE, a VM's address is a /32 and its
 * gateway is a link-local hop: each VM's veth peer in the network's namespace answers for
 * 169.254.1.1, and the network's namespace routes each VM's /32 to its peer. So the VMs of a
 * network reach each other by internal IP, and those of another network not at all. Blocking.
 */
final class VpcNetworks {

  /** The next hop every VM's default route goes through, held by the VM's peer in its network's namespace. */
  static final String GATEWAY = "169.254.1.1";

  private final Set<String> made = ConcurrentHashMap.newKeySet();

  /** The namespace of a VM: where its sandbox runs. */
  static String vmNamespace(long id) {
    return SandboxRuntime.PREFIX + "i-" + id;
  }

  /**
   * Gives the VM its namespace and its address on its network; a VM without a network gets
   * loopback alone.
   *
   * @return the namespace of the VM's network when this made it (its metadata relay is to start), or null
   */
  synchronized String attach(Vm vm) throws IOException {
    detach(vm.id());
    String own = vmNamespace(vm.id());
    ip("netns", "add", own);
    if (vm.network() == null || vm.ip() == null) {
      batch(own, "link set lo up");
      return null;
    }
    String network = networkNamespace(vm.network());
    String madeNow = null;
    if (made.add(network) && !exists(network)) {
      ip("netns", "add", network);
      // The metadata server's address, where the network's relay listens.
      batch(network, "link set lo up", "addr add 169.254.169.254/32 dev lo");
      ip("netns", "exec", network, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
      madeNow = network;
    }
    String peer = link("a", vm.id());
    String inside = link("b", vm.id());
    // Each namespace's part in one ip process: a boot spends its time in the processes it starts.
    batch(null, "link add " + peer + " type veth peer name " + inside, "link set " + peer + " netns " + network,
      "link set " + inside + " netns " + own);
    batch(network, "addr add " + GATEWAY + "/32 dev " + peer, "link set " + peer + " up", "route add " + vm.ip() + "/32 dev " + peer);
    batch(own, "link set lo up", "link set " + inside + " name eth0", "addr add " + vm.ip() + "/32 dev eth0", "link set eth0 up",
      "route add " + GATEWAY + " dev eth0 scope link", "route add default via " + GATEWAY + " dev eth0");
    return madeNow;
  }

  /** Removes the VM's namespace, and with it its veth pair and its route. */
  void detach(long id) throws IOException {
    String own = vmNamespace(id);
    if (exists(own)) {
      ip("netns", "del", own);
    }
  }

  /** Removes the networks' namespaces, once their VMs are gone (at the emulator's stop). */
  synchronized void removeNetworks() throws IOException {
    for (String network : made) {
      if (exists(network)) {
        ip("netns", "del", network);
      }
    }
    made.clear();
  }

  /**
   * Removes every namespace a former run left (its VMs died with it): the prefix is the host's,
   * so one emulator with the sandbox runtime runs on a host at a time.
   */
  void removeLeftovers() throws IOException {
    try (Stream<Path> names = Files.list(Path.of("/run/netns"))) {
      for (String name : names.map(path -> path.getFileName().toString()).filter(name -> name.startsWith(SandboxRuntime.PREFIX)).toList()) {
        ip("netns", "del", name);
      }
    } catch (NoSuchFileException e) {
      // No namespace was ever made here.
    }
  }

  static String networkNamespace(String network) {
    String[] parts = network.split("/");
    return SandboxRuntime.PREFIX + "n-" + parts[1] + "-" + parts[parts.length - 1];
  }

  /** A veth's name, at most 15 characters as Linux allows: the side and the VM's id in base 36. */
  private static String link(String side, long id) {
    String name = "ge" + side + Long.toString(id, 36);
    return name.length() > 15 ? name.substring(0, 15) : name;
  }

  private static boolean exists(String namespace) {
    return Files.exists(Path.of("/run/netns", namespace));
  }

  /** ip's commands run by one ip process, in a namespace (or the host's, for null); the first that fails fails them all. */
  private static void batch(String namespace, String... commands) throws IOException {
    List<String> command = new ArrayList<>(namespace == null ? List.of("-batch", "-") : List.of("-n", namespace, "-batch", "-"));
    run(command, String.join("\n", commands) + "\n");
  }

  private static void ip(String... arguments) throws IOException {
    run(Arrays.asList(arguments), null);
  }

  private static void run(List<String> arguments, String input) throws IOException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(arguments);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (input != null) {
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + (input == null ? "" : " <<< " + input.trim()) + ": " + new String(output).trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
  }
}
