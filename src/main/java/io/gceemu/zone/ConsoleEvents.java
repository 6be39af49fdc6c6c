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
    String time = Timestamps.format(at);
    StringBuilder log = new StringBuilder()
      .append(line(time, "SeaBIOS (version 1.8.2-google)"))
      .append(line(time, "Booting from Hard Disk 0..."))
      .append(line(time, "[    0.000000] Linux version 6.1.0-emulated (gce-emulator)"))
      .append(line(time, "[    1.024000] systemd[1]: Hostname set to <" + host + ">."))
      .append(line(time, host + " google_guest_agent[512]: GCE Agent Started."));
    if (hasStartupScript(instance)) {
      log.append(line(time, host + " google_metadata_script_runner[530]: Found startup-script in metadata."))
        .append(line(time, host + " google_metadata_script_runner[530]: startup-script exit status 0"))
        .append(line(time, host + " google_metadata_script_runner[530]: Finished running startup scripts."));
    }
    return log.append(line(time, host + " login: ")).toString();
  }

  static String shutdown(Instance instance, Instant at) {
    String time = Timestamps.format(at);
    return line(time, instance.name() + " systemd[1]: Stopping google-guest-agent.service...")
      + line(time, "[  OK  ] Reached target System Power Off.")
      + line(time, "reboot: Power down");
  }

  static String suspend(Instance instance, Instant at) {
    return line(Timestamps.format(at), instance.name() + " kernel: PM: suspend entry (s2idle)");
  }

  static String reset(Instance instance, Instant at) {
    return line(Timestamps.format(at), "reboot: Restarting system") + boot(instance, at);
  }

  private static boolean hasStartupScript(Instance instance) {
    return instance.metadataItems().stream()
      .anyMatch(item -> "startup-script".equals(((JsonObject) item).getString("key")));
  }

  private static String line(String time, String text) {
    return time + " " + text + "\r\n";
  }
}
