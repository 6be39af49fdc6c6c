package io.gceemu.zone;

import io.gceemu.gce.Timestamps;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * What an emulated VM writes to its first serial port at each lifecycle event: firmware and kernel
 * lines at boot, the guest agent running a {@code startup-script} found in metadata, the login
 * prompt, and the shutdown, suspend and reset messages.
 */
final class ConsoleEvents {

  private ConsoleEvents() {
  }

  static String boot(Instance instance, Instant at) {
    String host = instance.name();
    StringBuilder log = new StringBuilder()
      .append(line(at, "SeaBIOS (version 1.8.2-google)"))
      .append(line(at, "Booting from Hard Disk 0..."))
      .append(line(at, "[    0.000000] Linux version 6.1.0-emulated (gce-emulator)"))
      .append(line(at, "[    1.024000] systemd[1]: Hostname set to <" + host + ">."))
      .append(line(at, host + " google_guest_agent[512]: GCE Agent Started."));
    if (hasStartupScript(instance)) {
      log.append(line(at, host + " google_metadata_script_runner[530]: Found startup-script in metadata."))
        .append(line(at, host + " google_metadata_script_runner[530]: startup-script exit status 0"))
        .append(line(at, host + " google_metadata_script_runner[530]: Finished running startup scripts."));
    }
    return log.append(line(at, host + " login: ")).toString();
  }

  static String shutdown(Instance instance, Instant at) {
    return line(at, instance.name() + " systemd[1]: Stopping google-guest-agent.service...")
      + line(at, "[  OK  ] Reached target System Power Off.")
      + line(at, "reboot: Power down");
  }

  static String suspend(Instance instance, Instant at) {
    return line(at, instance.name() + " kernel: PM: suspend entry (s2idle)");
  }

  static String reset(Instance instance, Instant at) {
    return line(at, "reboot: Restarting system") + boot(instance, at);
  }

  private static boolean hasStartupScript(Instance instance) {
    return instance.metadataItems().stream()
      .anyMatch(item -> "startup-script".equals(((JsonObject) item).getString("key")));
  }

  private static String line(Instant at, String text) {
    return Timestamps.format(at) + " " + text + "\r\n";
  }
}
