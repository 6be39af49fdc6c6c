package io.gceemu.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The way of a network's VMs to the metadata server: a relay on 169.254.169.254:80 in the
 * network's namespace, out of the VMs' reach, run by the base system's python3, ready before the
 * first VM runs. Blocking.
 */
final class MetadataRelays {

  private final Path runtimeDir;
  /** Each network's relay, by the network's namespace. */
  private final Map<String, Process> relays = new ConcurrentHashMap<>();

  MetadataRelays(Path runtimeDir) {
    this.runtimeDir = runtimeDir;
  }

  void start(String network, Path root, int metadataPort) throws IOException {
    Path script = runtimeDir.resolve("metadata-relay.py");
    try (InputStream relay = MetadataRelays.class.getResourceAsStream("/runtime/metadata-relay.py")) {
      Files.write(script, relay.readAllBytes());
    }
    // fd 3: the emulator's own network namespace, where the relay moves once it listens.
    String emulatorNetwork = "/proc/" + ProcessHandle.current().pid() + "/ns/net";
    Process relay = new ProcessBuilder("ip", "netns", "exec", network, "sh", "-c", "exec 3<" + emulatorNetwork + "; exec chroot " + root
      + " python3 - " + network + " " + metadataPort + " < " + script)
      .redirectError(ProcessBuilder.Redirect.appendTo(runtimeDir.resolve("metadata-relay.log").toFile())).start();
    relays.put(network, relay);
    String ready = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8)).readLine();
    if (!"ready".equals(ready)) {
      throw new IOException("the metadata relay of " + network + " did not start: " + ready);
    }
  }

  void close() {
    relays.values().forEach(Process::destroyForcibly);
    relays.clear();
  }
}
