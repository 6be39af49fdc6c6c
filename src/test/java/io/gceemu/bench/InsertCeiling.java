package io.gceemu.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write ceiling: rows of an instance's size inserted in batches of 100 per transaction by
 * four writers into the same Postgres, with the same durable settings as the emulator.
 */
final class InsertCeiling {

  private static final int BATCH = 100;
  private static final int WRITERS = 4;

  private InsertCeiling() {
  }

  /** @return rows committed per second */
  static double measure(PgConnectOptions database, String instanceJson, int seconds) throws Exception {
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(WRITERS)).connectingTo(database).using(vertx).build();
    try {
      await(pool.query("CREATE TABLE IF NOT EXISTS bench_rows (id bigint PRIMARY KEY, body jsonb NOT NULL)").execute().mapEmpty());
      AtomicLong ids = new AtomicLong();
      AtomicLong committed = new AtomicLong();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      JsonObject body = new JsonObject(instanceJson);
      List<Future<Void>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        writers.add(write(pool, body, ids, committed, deadline));
      }
      long started = System.nanoTime();
      await(Future.all(writers).mapEmpty());
      double elapsed = (System.nanoTime() - started) / 1e9;
      await(pool.query("DROP TABLE bench_rows").execute().mapEmpty());
      return committed.get() / elapsed;
    } finally {
      pool.close();
      vertx.close();
    }
  }

  private static Future<Void> write(Pool pool, JsonObject body, AtomicLong ids, AtomicLong committed, long deadline) {
    if (System.nanoTime() > deadline) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      rows.add(Tuple.of(ids.incrementAndGet(), body));
    }
    return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO bench_rows (id, body) VALUES ($1, $2)").executeBatch(rows))
      .compose(done -> {
        committed.addAndGet(BATCH);
        return write(pool, body, ids, committed, deadline);
      });
  }

  private static void await(Future<Void> future) throws Exception {
    future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }
}
