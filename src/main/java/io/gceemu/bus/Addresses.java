package io.gceemu.bus;

/** Every event-bus address the emulator uses is built here. */
public final class Addresses {

  private static final String ZONE_PREFIX = "gce.zone.";

  private Addresses() {
  }

  /** The address of the verticle that owns a zone's instances and operations. */
  public static String zone(String zone) {
    return ZONE_PREFIX + zone;
  }
}
