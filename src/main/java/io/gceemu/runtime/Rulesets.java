package io.gceemu.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The firewall loaded in each VM: its ruleset ({@link FirewallRuleset}) replaced at once in the
 * VM's own network namespace, where its scripts cannot change it, unless it is the one loaded
 * there already: a VM that comes or goes changes the others' rules only where a rule's source
 * tags name it. Blocking.
 */
final class Rulesets {

  private final Map<Long, String> loaded = new ConcurrentHashMap<>();

  void load(Vm vm, String ruleset) throws IOException, InterruptedException {
    if (ruleset.equals(loaded.get(vm.id()))) {
      return;
    }
    Process nft = new ProcessBuilder("ip", "netns", "exec", VpcNetworks.vmNamespace(vm.id()), "nft", "-f", "-")
      .redirectErrorStream(true).start();
    nft.getOutputStream().write(ruleset.getBytes(StandardCharsets.UTF_8));
    nft.getOutputStream().close();
    String output = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (nft.waitFor() != 0) {
      throw new IOException("nft refused the firewall of " + vm.hostname() + ": " + output.trim());
    }
    loaded.put(vm.id(), ruleset);
  }

  /** The VM stopped: its namespace and its rules with it. */
  void forget(long id) {
    loaded.remove(id);
  }
}
