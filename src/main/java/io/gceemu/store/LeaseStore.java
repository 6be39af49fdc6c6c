package io.gceemu.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Zone leases and serving nodes in Postgres, the one authority on who owns a zone (see
 * {@code V4__zone_leases.sql}): the cluster only carries messages and reports failures early.
 */
public final class LeaseStore {

  private static final SqlStatements SQL = SqlStatements.load("sql/leases.sql");

  private final Pool pool;

  public LeaseStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> heartbeat(String node) {
    return pool.preparedQuery(SQL.get("heartbeat")).execute(Tuple.of(node)).mapEmpty();
  }

  /** Nodes that said they serve zones within the last {@code withinMs}. */
  public Future<Set<String>> servingNodes(long withinMs) {
    return pool.preparedQuery(SQL.get("servingNodes")).execute(Tuple.of(withinMs)).map(rows -> {
      Set<String> nodes = new HashSet<>();
      rows.forEach(row -> nodes.add(row.getString(0)));
      return nodes;
    });
  }

  public Future<Void> leave(String node) {
    return pool.preparedQuery(SQL.get("leaveNodes")).execute(Tuple.of(node)).mapEmpty();
  }

  /**
   * Takes the zone if its lease is free or expired, or, when {@code members} is given, held by a
   * node outside it.
   *
   * @return the fence to write under, if the zone is now ours
   */
  public Future<Optional<ZoneFence>> acquire(String zone, String node, List<String> members, long ttlMs) {
    String[] alive = members == null ? null : members.toArray(String[]::new);
    return pool.preparedQuery(SQL.get("acquire")).execute(Tuple.of(zone, node, alive, ttlMs))
      .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new ZoneFence(zone, node, rows.iterator().next().getLong(0))));
  }

  /** @return the zones whose leases were extended; the others were taken over */
  public Future<Set<String>> renew(String node, List<ZoneFence> held, long ttlMs) {
    if (held.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    List<String> zones = new ArrayList<>();
    List<Long> epochs = new ArrayList<>();
    held.forEach(fence -> {
      zones.add(fence.zone());
      epochs.add(fence.epoch());
    });
    return pool.preparedQuery(SQL.get("renew"))
      .execute(Tuple.of(node, zones.toArray(String[]::new), epochs.toArray(Long[]::new), ttlMs))
      .map(rows -> {
        Set<String> renewed = new HashSet<>();
        for (Row row : rows) {
          renewed.add(row.getString(0));
        }
        return renewed;
      });
  }

  /** Who holds the zone's lease now, and at which epoch. */
  public Future<Optional<ZoneFence>> holder(String zone) {
    return pool.preparedQuery(SQL.get("holder")).execute(Tuple.of(zone)).map(rows -> rows.size() == 0 ? Optional.empty()
      : Optional.of(new ZoneFence(zone, rows.iterator().next().getString(0), rows.iterator().next().getLong(1))));
  }

  public Future<Void> release(ZoneFence fence) {
    return pool.preparedQuery(SQL.get("release")).execute(Tuple.of(fence.zone(), fence.owner(), fence.epoch())).mapEmpty();
  }

  /**
   * The zone's owner moves its own lease to the next epoch. A write of the old epoch still on its
   * way then fails its fence, and one already holding the lease row commits before this returns.
   *
   * @return the new fence, or none when the zone is no longer this owner's
   */
  public Future<Optional<ZoneFence>> refence(ZoneFence fence) {
    return pool.preparedQuery(SQL.get("refence")).execute(Tuple.of(fence.zone(), fence.owner(), fence.epoch()))
      .map(rows -> rows.size() == 0 ? Optional.empty()
        : Optional.of(new ZoneFence(fence.zone(), fence.owner(), rows.iterator().next().getLong(0))));
  }

  /** The statement every write transaction of a zone starts with. */
  /** The SQLSTATE zone_fence raises when a scope's lease has passed to another node. */
  static final String NOT_OWNER = "GCE02";

  static String fenceStatement() {
    return SQL.get("fence");
  }
}
