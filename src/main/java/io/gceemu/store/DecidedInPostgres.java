package io.gceemu.store;

import io.gceemu.gce.GceError;
import io.vertx.pgclient.PgException;

import java.util.Optional;
import java.util.Set;

/**
 * What Postgres decides where scopes meet (V14's gce_error: a network still in use, ranges that
 * overlap) comes back as GCE's own error: its status in the HINT, its reason in the DETAIL, its
 * text as the message. It fails only the change it belongs to. So does a text Postgres cannot
 * store.
 */
final class DecidedInPostgres {

  private static final String DECIDED = "GCE10";
  /**
   * A text Postgres cannot keep in JSON or text (a NUL: unsupported Unicode escape, invalid byte
   * sequence) is the request's fault, and fails only the command that sent it.
   */
  private static final Set<String> UNSTORABLE_TEXT = Set.of("22P05", "22021");

  private DecidedInPostgres() {
  }

  static Optional<GceError> error(Throwable failure) {
    if (failure instanceof PgException pg && DECIDED.equals(pg.getSqlState())) {
      return Optional.of(new GceError(Integer.parseInt(pg.getHint()), pg.getDetail(), pg.getErrorMessage()));
    }
    if (failure instanceof PgException pg && UNSTORABLE_TEXT.contains(pg.getSqlState())) {
      // GCE's own wording for it is not known.
      return Optional.of(new GceError(400, "invalid", "Invalid value: a text of the request holds a NUL character, which is not allowed."));
    }
    return Optional.empty();
  }
}
