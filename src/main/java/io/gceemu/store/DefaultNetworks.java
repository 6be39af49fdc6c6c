package io.gceemu.store;

import io.gceemu.catalog.Catalog;
import io.gceemu.catalog.Region;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/**
 * What Postgres needs to make each project's default network as GCE does (V14): the catalog's
 * regions with their auto-mode ranges, and the configured ranges of reserved external addresses,
 * written at every start; then projects from before networks, or imported from an export of
 * then, get their default network.
 */
public final class DefaultNetworks {

  private static final SqlStatements SQL = SqlStatements.load("sql/networks.sql");
  /** Nodes of a cluster start together: one at a time writes the regions and makes the missing networks. */
  private static final long LOCK_KEY = 0x6763655f6e657473L;

  private DefaultNetworks() {
  }

  /** @param externalRanges the configured ranges of reserved external addresses */
  public static Future<Void> prepare(Pool pool, Catalog catalog, List<String> externalRanges) {
    String[] names = catalog.regions().stream().map(Region::name).toArray(String[]::new);
    String[] ranges = catalog.regions().stream().map(region -> region.autoRange().toString()).toArray(String[]::new);
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY))
      .compose(v -> conn.preparedQuery(SQL.get("syncRegions")).execute(Tuple.tuple().addArrayOfString(names).addArrayOfString(ranges)))
      .compose(v -> conn.preparedQuery(SQL.get("syncExternalRanges")).execute(Tuple.tuple()
        .addArrayOfString(externalRanges.toArray(String[]::new))))
      .compose(v -> conn.query(SQL.get("makeMissingDefaultNetworks")).execute())
      .mapEmpty());
  }

  /** After an import: projects of an export from before networks get their default network. */
  static Future<Void> makeMissing(SqlConnection conn) {
    return conn.query(SQL.get("makeMissingDefaultNetworks")).execute().mapEmpty();
  }
}
