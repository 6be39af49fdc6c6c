package io.gceemu.store;

import io.gceemu.gce.GceError;
import io.vertx.pgclient.PgException;

import java.util.Optional;

/**
 * What Postgres decides where scopes meet (V14's gce_error: a network still in use, ranges that
 * overlap) comes back as GCE's own error: its status in the HINT, its reason in the DETAIL, its
 * text as the message. It fails only the change it belongs to.
 */
final class DecidedInPostgres {

  private static final String DECIDED = "GCE10";

  private DecidedInPostgres() {
  }

  static Optional<GceError> error(Throwable failure) {
    if (failure instanceof PgException pg && DECIDED.equals(pg.getSqlState())) {
      return Optional.of(new GceError(Integer.parseInt(pg.getHint()), pg.getDetail(), pg.getErrorMessage()));
    }
    return Optional.empty();
  }
}
