package io.gceemu.bench;

import io.gceemu.store.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write ceiling of this design: the rows one create writes, into the emulator's own schema
 * (its migrations applied to a database of its own, every index and constraint there), written as
 * fast as the schema allows: 100 creates per transaction, one multi-row statement per table, four
 * connections. A create writes its instance's row, its operation's, its internal address's and,
 * with a boot disk, the disk's row: what stays in Postgres once it is DONE (the emulator's
 * checks and the phases of the operation are not counted, they are the design's cost).
 */
final class SameRowsCeiling {

  private static final int BATCH = 100;
  private static final int WRITERS = 4;

  private SameRowsCeiling() {
  }

  /**
   * @param disk the document of a boot disk, or null for creates without one
   * @return creates committed per second
   */
  static double measure(PgConnectOptions server, String database, String instance, String disk, int seconds) throws Exception {
    Vertx vertx = Vertx.vertx();
    Pool admin = PgBuilder.pool().connectingTo(server).using(vertx).build();
    try {
      await(admin.query("DROP DATABASE IF EXISTS " + database).execute().compose(dropped ->
        admin.query("CREATE DATABASE " + database).execute()).mapEmpty());
    } finally {
      admin.close();
    }
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(WRITERS))
      .connectingTo(new PgConnectOptions(server).setDatabase(database)).using(vertx).build();
    try {
      await(Migrations.apply(pool));
      await(pool.query("INSERT INTO projects (name, id) VALUES ('ceiling', 1)").execute().mapEmpty());
      AtomicLong ids = new AtomicLong(1_000_000);
      AtomicLong committed = new AtomicLong();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      JsonObject instanceDocument = new JsonObject(instance);
      JsonObject diskDocument = disk == null ? null : new JsonObject(disk);
      List<Future<Void>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        writers.add(write(pool, instanceDocument, diskDocument, ids, committed, deadline));
      }
      long started = System.nanoTime();
      await(Future.all(writers).mapEmpty());
      return committed.get() / ((System.nanoTime() - started) / 1e9);
    } finally {
      pool.close();
      vertx.close();
    }
  }

  private static Future<Void> write(Pool pool, JsonObject instance, JsonObject disk, AtomicLong ids, AtomicLong committed, long deadline) {
    if (System.nanoTime() > deadline) {
      return Future.succeededFuture();
    }
    List<Long> instances = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      instances.add(ids.addAndGet(3));
    }
    return pool.withTransaction(conn -> batch(conn, instances, instance, disk)).compose(done -> {
      committed.addAndGet(BATCH);
      return write(pool, instance, disk, ids, committed, deadline);
    });
  }

  /** A create's id is its instance's; its disk's and its operation's follow it. */
  private static Future<Void> batch(SqlConnection conn, List<Long> instances, JsonObject instance, JsonObject disk) {
    Long[] instanceIds = instances.toArray(Long[]::new);
    Long[] diskIds = instances.stream().map(id -> id + 1).toArray(Long[]::new);
    Long[] operationIds = instances.stream().map(id -> id + 2).toArray(Long[]::new);
    String[] names = instances.stream().map(id -> "vm-" + id).toArray(String[]::new);
    String[] operationNames = instances.stream().map(id -> "operation-" + id).toArray(String[]::new);
    Long[] addresses = instances.stream().map(id -> 0x0A800000L + id).toArray(Long[]::new);
    OffsetDateTime now = OffsetDateTime.now();
    Future<?> resources = conn.preparedQuery("INSERT INTO compute_resources (id, project, scope, collection, name, created_at, document,"
        + " epoch, write_seq) SELECT id, 'ceiling', 'zones/us-central1-a', 'instances', name, $3, $4::jsonb, 1, nextval('compute_write_seq')"
        + " FROM unnest($1::bigint[], $2::text[]) AS t (id, name)")
      .execute(Tuple.of(instanceIds, names, now, instance));
    if (disk != null) {
      resources = resources.compose(done -> conn.preparedQuery("INSERT INTO compute_resources (id, project, scope, collection, name,"
          + " created_at, document, epoch, write_seq) SELECT id, 'ceiling', 'zones/us-central1-a', 'disks', name, $3, $4::jsonb, 1,"
          + " nextval('compute_write_seq') FROM unnest($1::bigint[], $2::text[]) AS t (id, name)")
        .execute(Tuple.of(diskIds, names, now, disk)));
    }
    return resources
      .compose(done -> conn.preparedQuery("INSERT INTO compute_operations (id, name, project, zone, operation_type, target_path, target_id,"
          + " status, phase, progression, insert_time, start_time, end_time, epoch, write_seq)"
          + " SELECT id, name, 'ceiling', 'us-central1-a', 'insert', 'projects/ceiling/zones/us-central1-a/instances/' || target, target_id,"
          + " 'DONE', 0, '{\"mode\": \"immediate\"}', $5, $5, $5, 1, nextval('compute_write_seq')"
          + " FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS t (id, name, target_id, target)")
        .execute(Tuple.of(operationIds, operationNames, instanceIds, names, now)))
      .compose(done -> conn.preparedQuery("INSERT INTO internal_addresses (project, region, subnetwork, address, instance_id, nic, requested)"
          + " SELECT 'ceiling', 'us-central1', 'default', address, instance_id, 0, false FROM unnest($1::bigint[], $2::bigint[]) AS t"
          + " (address, instance_id)")
        .execute(Tuple.tuple().addValue(addresses).addValue(instanceIds)))
      .mapEmpty();
  }

  private static void await(Future<?> future) throws Exception {
    future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }
}
