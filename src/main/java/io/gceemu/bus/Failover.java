package io.gceemu.bus;

import io.gceemu.resource.ResourceTypes;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failed requests to a zone are sent again, so that a zone changing owner (a node dying,
 * joining or leaving) costs callers a delay, not an error. A request nobody received (no handler,
 * or a node that no longer owns the zone) is always safe to repeat. One that timed out may have
 * been applied, so only reads and mutations carrying a {@code requestId} (which the zone
 * deduplicates, also across owners, from Postgres) are repeated.
 */
final class Failover {

  /**
   * The longest one attempt waits for an answer. A zone answers in milliseconds; a node that died
   * with the request never answers, and the request goes to the zone's next owner after this.
   */
  static final long ATTEMPT_MS = 3_000;

  /**
   * The longest a zone holds one slice of a {@code zoneOperations.wait} open; the caller asks
   * again until the operation is DONE or its whole wait has passed.
   */
  static final long WAIT_SLICE_MS = 5_000;

  /** The waits of the three scopes: long polls, held open a slice at a time. */
  static final Set<String> WAITS = Set.of(Actions.OPERATION_WAIT, Actions.GLOBAL_OPERATION_WAIT, Actions.REGION_OPERATION_WAIT);

  private static final Set<String> READS = Set.of(Actions.GET, Actions.LIST, Actions.SERIAL_PORT, Actions.OPERATION_GET,
    Actions.OPERATION_LIST, Actions.OPERATION_WAIT, Actions.PING, Actions.GLOBAL_OPERATION_GET, Actions.GLOBAL_OPERATION_LIST,
    Actions.GLOBAL_OPERATION_WAIT, Actions.REGION_OPERATION_GET, Actions.REGION_OPERATION_LIST, Actions.REGION_OPERATION_WAIT);

  private Failover() {
  }

  static boolean retriable(Throwable failure, String action, JsonObject payload) {
    if (!(failure instanceof ReplyException reply)) {
      return false;
    }
    return switch (reply.failureType()) {
      case NO_HANDLERS -> true;
      case RECIPIENT_FAILURE -> BusFailures.isNotOwner(reply);
      case TIMEOUT -> isRead(action) || payload.getString("requestId") != null;
      default -> false;
    };
  }

  /** Reads change nothing, so repeating one is always safe; a declared collection's are its get, list and getFromFamily. */
  private static boolean isRead(String action) {
    return READS.contains(action) || ResourceTypes.ofAction(action).filter(type -> type.reads(action)).isPresent();
  }

  /** How long an attempt may wait: a slice of a long poll, as long as the slice plus an answer's time. */
  static long attemptMs(String action, JsonObject payload, long leftMs) {
    long slice = WAITS.contains(action) ? payload.getLong("maxWaitMs", 0L) : 0;
    return Math.min(leftMs, ATTEMPT_MS + slice);
  }

  /** 50, 100, 200, then 250 ms, each with some jitter, so that retrying callers spread out. */
  static long backoffMs(int attempt) {
    long base = Math.min(250, 50L << Math.min(attempt, 3));
    return base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }
}
