package io.gceemu.cluster;

import io.gceemu.bus.BusFailures;
import io.gceemu.gce.GceError;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/** How the owner of a scope (a zone, the global scope) answers each message sent to it under its lease. */
public final class ScopeMessages {

  private static final Logger LOG = LoggerFactory.getLogger(ScopeMessages.class);

  private ScopeMessages() {
  }

  /**
   * Answers with what {@code work} gives, or with its failure as a GCE error. A node whose lease
   * is not current answers notOwner without working, and one that Postgres found fenced off stops
   * answering at once: either way the router tries again and reaches the scope's new owner.
   */
  public static void answer(Message<?> message, ZoneLease lease, Supplier<Future<?>> work) {
    if (!lease.serving()) {
      BusFailures.reply(message, GceError.notOwner(lease.zone()));
      return;
    }
    Future<?> reply;
    try {
      reply = work.get();
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(done -> {
      if (done.succeeded()) {
        message.reply(done.result());
        return;
      }
      GceError error = asGceError(done.cause());
      if (error.isNotOwner()) {
        lease.lose();
      }
      BusFailures.reply(message, error);
    });
  }

  private static GceError asGceError(Throwable failure) {
    if (failure instanceof ClassCastException || failure instanceof IllegalArgumentException) {
      // Only bus callers, who skip the router's schemas, can send a field of the wrong JSON type.
      return new GceError(400, "invalid", "Invalid value in the request: a field has the wrong type.");
    }
    if (!(failure instanceof GceError)) {
      LOG.error("unexpected failure in a scope's owner", failure);
    }
    return BusFailures.toGceError(failure);
  }
}
