package io.gceemu.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Who owns which zone, region and the global scope, as Postgres (the authority on it) says: for the cluster tests. */
public final class ZoneLeases {

  private static final String GLOBAL = "global";
  private static final String REGION = "regions/";

  private ZoneLeases() {
  }

  /** Zones with an unexpired lease, and their owners. */
  public static Map<String, String> owners() {
    Map<String, String> owners = scopeOwners();
    owners.keySet().removeIf(scope -> scope.equals(GLOBAL) || scope.startsWith(REGION));
    return owners;
  }

  /** Regions ({@code regions/us-central1}) with an unexpired lease, and their owners. */
  public static Map<String, String> regionOwners() {
    Map<String, String> owners = scopeOwners();
    owners.keySet().removeIf(scope -> !scope.startsWith(REGION));
    return owners;
  }

  /** The node holding an unexpired lease on the global scope, or null. */
  public static String globalOwner() {
    return scopeOwners().get(GLOBAL);
  }

  private static Map<String, String> scopeOwners() {
    Map<String, String> owners = new HashMap<>();
    try (Connection db = TestDatabase.jdbc(); Statement query = db.createStatement();
         ResultSet rows = query.executeQuery("SELECT zone, owner FROM zone_leases WHERE expires_at > now()")) {
      while (rows.next()) {
        owners.put(rows.getString(1), rows.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return owners;
  }

  /** The zones a node holds an unexpired lease on. */
  public static Set<String> zonesOf(String node) {
    Set<String> zones = new HashSet<>();
    owners().forEach((zone, owner) -> {
      if (owner.equals(node)) {
        zones.add(zone);
      }
    });
    return zones;
  }
}
