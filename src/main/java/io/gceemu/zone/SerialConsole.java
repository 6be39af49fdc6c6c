package io.gceemu.zone;

import io.gceemu.gce.Timestamps;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The serial console of an emulated VM: a boot log written at each start. Offsets count bytes,
 * as GCE's {@code start} and {@code next} do.
 */
final class SerialConsole {

  private SerialConsole() {
  }

  static String contents(Instance instance, int port) {
    if (port != 1) {
      return "";
    }
    StringBuilder log = new StringBuilder();
    boot(log, instance, instance.created());
    if (instance.lastStart() != null && !instance.lastStart().equals(instance.created())) {
      boot(log, instance, instance.lastStart());
    }
    return log.toString();
  }

  static int length(String contents) {
    return contents.getBytes(StandardCharsets.UTF_8).length;
  }

  static String from(String contents, long start) {
    byte[] bytes = contents.getBytes(StandardCharsets.UTF_8);
    int offset = (int) Math.max(0, Math.min(start, bytes.length));
    return new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
  }

  private static void boot(StringBuilder log, Instance instance, Instant at) {
    String time = Timestamps.format(at);
    log.append("SeaBIOS (version 1.8.2-google)\r\n")
      .append("Booting from Hard Disk 0...\r\n")
      .append("[    0.000000] Linux version 6.1.0-emulated (gce-emulator) ").append(time).append("\r\n")
      .append("[    1.024000] systemd[1]: Hostname set to <").append(instance.name()).append(">.\r\n")
      .append("[    2.048000] google_guest_agent: GCE Agent Started.\r\n")
      .append(instance.name()).append(" login: \r\n");
  }
}
