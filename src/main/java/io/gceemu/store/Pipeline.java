package io.gceemu.store;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements of one transaction, sent one after another on one connection without waiting
 * for answers, and remembered in the order they went out, each with the step of the batch it was
 * sent for where it was sent for one. When one fails, Postgres aborts the transaction and answers
 * every later statement with "current transaction is aborted" (SQLSTATE 25P02), COMMIT included,
 * which then only ends the transaction: the failure that counts is the first one.
 */
final class Pipeline {

  private static final String TRANSACTION_ABORTED = "25P02";
  private static final int NO_STEP = -1;

  /** The statement Postgres refused first, and the step it was sent for ({@code -1}: none or several). */
  static final class Refused extends RuntimeException {

    private final int step;

    private Refused(PgException cause, int step) {
      super(cause.getMessage(), cause, false, false);
      this.step = step;
    }

    PgException statement() {
      return (PgException) getCause();
    }

    int step() {
      return step;
    }
  }

  private record Sent(Future<?> answer, int step) {
  }

  private final SqlConnection conn;
  private final List<Sent> sent = new ArrayList<>();

  Pipeline(SqlConnection conn) {
    this.conn = conn;
  }

  Future<RowSet<Row>> query(String sql) {
    return track(conn.query(sql).execute(), NO_STEP);
  }

  Future<RowSet<Row>> execute(String sql, Tuple arguments) {
    return execute(sql, arguments, NO_STEP);
  }

  /** A statement that writes for one step of the batch: if Postgres refuses it, the step is named. */
  Future<RowSet<Row>> execute(String sql, Tuple arguments, int step) {
    return track(conn.preparedQuery(sql).execute(arguments), step);
  }

  /** One statement for many rows: the cheapest to send, but its failure names no step. */
  Future<RowSet<Row>> executeBatch(String sql, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture() : track(conn.preparedQuery(sql).executeBatch(rows), NO_STEP);
  }

  /** Completes once Postgres has answered every statement sent so far. */
  Future<?> answered() {
    return Future.join(sent.stream().<Future<?>>map(Sent::answer).toList());
  }

  /**
   * Why the transaction did not commit, or null when every statement succeeded: the first failure
   * Postgres raised, as {@link Refused}, or, when the connection failed first, that failure.
   */
  Throwable rootFailure() {
    Refused aborted = null;
    for (Sent statement : sent) {
      Throwable cause = statement.answer().cause();
      if (cause instanceof PgException pg && TRANSACTION_ABORTED.equals(pg.getSqlState())) {
        aborted = aborted == null ? new Refused(pg, NO_STEP) : aborted;
      } else if (cause != null) {
        return cause instanceof PgException pg ? new Refused(pg, statement.step()) : cause;
      }
    }
    return aborted;
  }

  private <T> Future<T> track(Future<T> statement, int step) {
    sent.add(new Sent(statement, step));
    return statement;
  }
}
