package io.gceemu.runtime;

import java.io.IOException;
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
  private static final String GATEWAY = "169.254.1.1";

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
    ip("-n", own, "link", "set", "lo", "up");
    // The VM's root may serve on port 80 though its capabilities are dropped.
    ip("netns", "exec", own, "sh", "-c", "echo 0 > /proc/sys/net/ipv4/ip_unprivileged_port_start");
    if (vm.network() == null || vm.ip() == null) {
      return null;
    }
    String network = networkNamespace(vm.network());
    String madeNow = null;
    if (made.add(network) && !exists(network)) {
      ip("netns", "add", network);
      ip("-n", network, "link", "set", "lo", "up");
      ip("netns", "exec", network, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
      // The metadata server's address, where the network's relay listens.
      ip("-n", network, "addr", "add", "169.254.169.254/32", "dev", "lo");
      madeNow = network;
    }
    String peer = link("a", vm.id());
    String inside = link("b", vm.id());
    ip("link", "add", peer, "type", "veth", "peer", "name", inside);
    ip("link", "set", peer, "netns", network);
    ip("link", "set", inside, "netns", own);
    ip("-n", network, "addr", "add", GATEWAY + "/32", "dev", peer);
    ip("-n", network, "link", "set", peer, "up");
    ip("-n", network, "route", "add", vm.ip() + "/32", "dev", peer);
    ip("-n", own, "link", "set", inside, "name", "eth0");
    ip("-n", own, "addr", "add", vm.ip() + "/32", "dev", "eth0");
    ip("-n", own, "link", "set", "eth0", "up");
    ip("-n", own, "route", "add", GATEWAY, "dev", "eth0", "scope", "link");
    ip("-n", own, "route", "add", "default", "via", GATEWAY, "dev", "eth0");
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

  private static void ip(String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(Arrays.asList(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + ": " + new String(output).trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
  }
}
