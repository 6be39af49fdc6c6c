package io.gceemu.bus;

import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.Region;
import io.gceemu.catalog.Zone;

import java.util.ArrayList;
import java.util.List;

/** Every event-bus address the emulator uses is built here. */
public final class Addresses {

  private static final String ZONE_PREFIX = "gce.zone.";

  /** The global scope's name, beside the zones' names: its lease row and its owner's address say it. */
  public static final String GLOBAL = "global";

  /** How a region's scope is named beside the zones' names ({@code regions/us-central1}), as in GCE's paths. */
  private static final String REGION_SCOPE = "regions/";

  private Addresses() {
  }

  /**
   * Where scope owners publish each committed change, for the web console's live view: of an
   * instance ({@code project}, {@code zone}, {@code instance}, {@code status}, {@code operation}),
   * or of another resource ({@code project}, {@code zone} when zonal, {@code resource}, {@code operation}).
   */
  public static final String INSTANCE_EVENTS = "gce.events.instances";
  /**
   * Published when projects are gone from Postgres (a reset, an import): {@code {"project": p}},
   * or null for every project. The scopes' owners read again what they knew of them.
   */
  public static final String PROJECTS_FORGOTTEN = "gce.events.projectsForgotten";
  /** The VM runtime of this node, asked for the ports it forwards to its VMs' external addresses (a local consumer). */
  public static final String RUNTIME_FORWARDS = "gce.runtime.forwards";

  /**
   * The address of the verticle that owns a scope's resources and operations: a zone's (by its
   * name), a region's ({@link #region}) or the global scope's ({@link #GLOBAL}).
   */
  public static String owner(String scope) {
    if (GLOBAL.equals(scope)) {
      return "gce.global";
    }
    return scope.startsWith(REGION_SCOPE) ? "gce.region." + scope.substring(REGION_SCOPE.length()) : ZONE_PREFIX + scope;
  }

  /** A region's scope name: its lease row and, through {@link #owner}, its owner's address. */
  public static String region(String region) {
    return REGION_SCOPE + region;
  }

  /** The region a scope name names, or null for a zone or the global scope. */
  public static String regionOf(String scope) {
    return scope.startsWith(REGION_SCOPE) ? scope.substring(REGION_SCOPE.length()) : null;
  }

  /** Every scope's name, in the order GCE's aggregated lists give them: global, the regions, the zones. */
  public static List<String> everyScope(Catalog catalog) {
    List<String> scopes = new ArrayList<>();
    scopes.add(GLOBAL);
    scopes.addAll(regions(catalog));
    scopes.addAll(catalog.zones().stream().map(Zone::name).toList());
    return scopes;
  }

  /** Every region's scope name, in catalog order. */
  public static List<String> regions(Catalog catalog) {
    return catalog.regions().stream().map(Region::name).map(Addresses::region).toList();
  }
}
