package io.gceemu.store;

import io.gceemu.gce.GceError;

import java.util.Map;

/**
 * Postgres refused a statement of a group commit, so nothing of the batch committed; but the
 * failure belongs to the commands that caused it, not to the batch. {@code culprits} names them,
 * at least one, by their step's index in the batch, with the error each one's caller gets.
 */
public final class BatchRefused extends RuntimeException {

  private final Map<Integer, GceError> culprits;

  BatchRefused(Map<Integer, GceError> culprits) {
    super("a group commit was refused by Postgres", null, false, false);
    this.culprits = Map.copyOf(culprits);
  }

  public Map<Integer, GceError> culprits() {
    return culprits;
  }
}
