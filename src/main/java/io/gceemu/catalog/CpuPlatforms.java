package io.gceemu.catalog;

import io.vertx.core.json.JsonObject;

/**
 * The CPU platform a running instance reports: the one it asked for as its minimum, else its
 * machine family's in its zone ({@code catalog/cpu-platforms.json}).
 */
public final class CpuPlatforms {

  private static final CpuPlatforms CATALOGUED = new CpuPlatforms(Catalog.resource("catalog/cpu-platforms.json"));
  /** What a minCpuPlatform of "Automatic" means: no minimum. */
  private static final String AUTOMATIC = "Automatic";

  private final JsonObject families;
  private final JsonObject zones;

  private CpuPlatforms(JsonObject catalog) {
    families = catalog.getJsonObject("families");
    zones = catalog.getJsonObject("zones");
  }

  public static CpuPlatforms catalogued() {
    return CATALOGUED;
  }

  /** @param minCpuPlatform the instance's minimum, or null */
  public String of(String zone, String machineType, String minCpuPlatform) {
    if (minCpuPlatform != null && !minCpuPlatform.equals(AUTOMATIC)) {
      return minCpuPlatform;
    }
    String family = machineType.substring(0, machineType.indexOf('-'));
    String inZone = zones.getJsonObject(zone, new JsonObject()).getString(family);
    return inZone != null ? inZone : families.getString(family, families.getString("e2"));
  }
}
