package io.gceemu.store;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A region's or the global scope's group commit, as a zone has its own: its owner's changes are
 * written one transaction at a time, and those that arrive while one is in flight go together in
 * the next, after its fence check. Each is decided in that transaction, holding its rows, in the
 * order it arrived; in a transaction of several, each runs in a savepoint of its own, so one that
 * Postgres or its rules refuse fails alone and the others commit. Nothing is acknowledged before
 * the transaction commits. Used on its owner's event loop only.
 */
final class ScopeCommits {

  /** The most changes one transaction carries, so that none waits behind an unbounded batch. */
  private static final int MAX_BATCH = 64;

  private record Pending(Function<SqlConnection, Future<?>> statements, Promise<Object> done) {
  }

  private final Pool pool;
  private final Supplier<ZoneFence> fence;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private boolean writing;

  ScopeCommits(Pool pool, Supplier<ZoneFence> fence) {
    this.pool = pool;
    this.fence = fence;
  }

  /** Runs {@code statements} in the next transaction; answers with their outcome once it committed. */
  @SuppressWarnings("unchecked")
  <T> Future<T> write(Function<SqlConnection, Future<T>> statements) {
    Promise<Object> done = Promise.promise();
    queue.add(new Pending(conn -> statements.apply(conn), done));
    flush();
    return done.future().map(result -> (T) result);
  }

  private void flush() {
    if (writing || queue.isEmpty()) {
      return;
    }
    writing = true;
    List<Pending> batch = new ArrayList<>();
    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
      batch.add(queue.poll());
    }
    List<AsyncResult<Object>> outcomes = new ArrayList<>();
    ZoneFence current = fence.get();
    // BEGIN and COMMIT by hand: the client's own transactions roll back at a statement's first
    // failure, and a savepoint is what keeps the others of the batch.
    pool.withConnection(conn -> conn.query("BEGIN").execute()
        .compose(begun -> conn.preparedQuery(LeaseStore.fenceStatement()).execute(Tuple.of(current.zone(), current.owner(), current.epoch())))
        .compose(fenced -> batch.size() == 1 ? alone(conn, batch.get(0), outcomes) : inTurn(conn, batch, 0, outcomes))
        .compose(written -> conn.query("COMMIT").execute())
        .recover(failure -> conn.query("ROLLBACK").execute().transform(rolledBack -> Future.failedFuture(failure))))
      .onComplete(committed -> {
        writing = false;
        for (int i = 0; i < batch.size(); i++) {
          // A change refused on its own fails with its own error; the others share the transaction's fate.
          AsyncResult<Object> own = i < outcomes.size() ? outcomes.get(i) : null;
          if (own != null && own.failed()) {
            batch.get(i).done().fail(own.cause());
          } else if (committed.failed()) {
            batch.get(i).done().fail(committed.cause());
          } else {
            batch.get(i).done().complete(own.result());
          }
        }
        flush();
      });
  }

  /** A transaction of one change needs no savepoint: its failure rolls the transaction back. */
  private static Future<Void> alone(SqlConnection conn, Pending pending, List<AsyncResult<Object>> outcomes) {
    return run(conn, pending).compose(result -> {
      outcomes.add(Future.succeededFuture(result));
      return Future.succeededFuture();
    });
  }

  private static Future<Void> inTurn(SqlConnection conn, List<Pending> batch, int index, List<AsyncResult<Object>> outcomes) {
    if (index == batch.size()) {
      return Future.succeededFuture();
    }
    return conn.query("SAVEPOINT change").execute()
      .compose(saved -> run(conn, batch.get(index)).transform(outcome -> {
        outcomes.add(outcome);
        return conn.query(outcome.succeeded() ? "RELEASE SAVEPOINT change" : "ROLLBACK TO SAVEPOINT change").execute();
      }))
      .compose(settled -> inTurn(conn, batch, index + 1, outcomes));
  }

  /** Whatever the statements throw becomes their failure, so the queue never stalls. */
  @SuppressWarnings("unchecked")
  private static Future<Object> run(SqlConnection conn, Pending pending) {
    try {
      return (Future<Object>) pending.statements().apply(conn);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
