package io.gceemu.bus;

/** Every event-bus address the emulator uses is built here. */
public final class Addresses {

  private static final String ZONE_PREFIX = "gce.zone.";

  private Addresses() {
  }

  /**
   * Where zones publish each committed change of an instance ({@code project}, {@code zone},
   * {@code instance}, {@code status}, {@code operation}), for the web console's live view.
   */
  public static final String INSTANCE_EVENTS = "gce.events.instances";

  /** The address of the verticle that owns a zone's instances and operations. */
  public static String zone(String zone) {
    return ZONE_PREFIX + zone;
  }
}
