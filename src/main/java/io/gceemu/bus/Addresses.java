package io.gceemu.bus;

/** Every event-bus address the emulator uses is built here. */
public final class Addresses {

  private static final String ZONE_PREFIX = "gce.zone.";

  /** The global scope's name, beside the zones' names: its lease row and its owner's address say it. */
  public static final String GLOBAL = "global";

  private Addresses() {
  }

  /**
   * Where scope owners publish each committed change, for the web console's live view: of an
   * instance ({@code project}, {@code zone}, {@code instance}, {@code status}, {@code operation}),
   * or of another resource ({@code project}, {@code zone} when zonal, {@code resource}, {@code operation}).
   */
  public static final String INSTANCE_EVENTS = "gce.events.instances";

  /**
   * The address of the verticle that owns a scope's resources and operations: a zone's (by its
   * name) or the global scope's ({@link #GLOBAL}).
   */
  public static String owner(String scope) {
    return GLOBAL.equals(scope) ? "gce.global" : ZONE_PREFIX + scope;
  }
}
