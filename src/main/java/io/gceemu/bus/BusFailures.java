package io.gceemu.bus;

import io.gceemu.gce.GceError;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * How a {@link GceError} crosses the event bus: the failure code is the HTTP status and the
 * failure message a small JSON object with the GCE reason and message, so that any node, or a
 * client in any JVM of the cluster, can rebuild the exact error without a custom codec.
 */
public final class BusFailures {

  private BusFailures() {
  }

  public static void reply(Message<?> message, GceError error) {
    message.fail(error.status(), new JsonObject().put("reason", error.reason()).put("message", error.getMessage()).encode());
  }

  public static GceError toGceError(Throwable failure) {
    if (failure instanceof GceError error) {
      return error;
    }
    if (failure instanceof ReplyException reply) {
      switch (reply.failureType()) {
        case RECIPIENT_FAILURE:
          GceError error = decode(reply);
          return error.isNotOwner() ? GceError.backendError("The zone is not being served right now; retry later.") : error;
        case NO_HANDLERS:
          return GceError.backendError("The zone is not being served right now; retry later.");
        case TIMEOUT:
          return GceError.backendError("Timed out waiting for the zone; retry later.");
        default:
          break;
      }
    }
    return GceError.backendError("Internal error. Please try again or contact Google Support.");
  }

  /** The zone's node no longer owns it: nothing was done, and the zone's new owner will answer. */
  static boolean isNotOwner(ReplyException reply) {
    return reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && decode(reply).isNotOwner();
  }

  private static GceError decode(ReplyException reply) {
    try {
      JsonObject body = new JsonObject(reply.getMessage());
      return new GceError(reply.failureCode(), body.getString("reason"), body.getString("message"));
    } catch (DecodeException | NullPointerException e) {
      return GceError.backendError("Internal error. Please try again or contact Google Support.");
    }
  }
}
