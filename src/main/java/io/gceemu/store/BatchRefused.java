package io.gceemu.store;

import io.gceemu.gce.GceError;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Postgres refused a statement of a group commit, so nothing of the batch committed; but the
 * failure belongs to the commands that caused it, not to the batch. {@code culprits} names them,
 * by their step's index in the batch, with the error each one's caller gets.
 */
public final class BatchRefused extends RuntimeException {

  private final Map<Integer, GceError> culprits;
  private final Map<Integer, JsonObject> failedOperations;

  BatchRefused(Map<Integer, GceError> culprits, Map<Integer, JsonObject> failedOperations) {
    super("a group commit was refused by Postgres", null, false, false);
    this.culprits = Map.copyOf(culprits);
    this.failedOperations = Map.copyOf(failedOperations);
  }

  /** The commands whose requests fail. */
  public Map<Integer, GceError> culprits() {
    return culprits;
  }

  /**
   * The commands that stay accepted but whose operation ends at once in this error ({@code code},
   * {@code message}, {@code httpStatus}), changing nothing, as GCE reports what it finds only
   * while carrying the operation out.
   */
  public Map<Integer, JsonObject> failedOperations() {
    return failedOperations;
  }
}
