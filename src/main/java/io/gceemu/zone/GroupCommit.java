package io.gceemu.zone;

import io.gceemu.catalog.Region;
import io.gceemu.gce.Timestamps;
import io.gceemu.store.BatchRefused;
import io.gceemu.store.ZoneStore;
import io.gceemu.gce.GceError;
import io.gceemu.metrics.EmulatorMetrics;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A zone's group commit. Commands that arrive while a write is in flight wait; then all of them
 * are applied to the state in order (each sees the ones before it) and written in one
 * transaction, and each caller is answered only after it committed. A write Postgres refuses
 * fails only the commands the refusal belongs to, and writes the others again; any other failed
 * write fails the commands in it. Either way the state goes back to what Postgres holds. Reads wait while a write is
 * in flight, so nobody sees a change that might still fail. A write whose outcome is unknown
 * (Postgres gone, or silent for {@link #STORE_TIMEOUT_MS}) fails its callers with a 503 and makes
 * the zone resynchronise with Postgres before it writes again. Runs on the zone's event loop only.
 */
final class GroupCommit {

  /** The most commands one group commit writes; more wait for the next. */
  private static final int MAX_BATCH = 256;

  /**
   * The longest a write (or a resynchronisation) may take before its callers get a 503: Postgres
   * away must fail requests fast, not hang them.
   */
  static final long STORE_TIMEOUT_MS = 2_500;

  /**
   * Work waiting for the zone: a command to commit with others, or an exclusive action (deleting
   * an operation, a reset) that runs alone between two group commits.
   */
  private record Pending(ZoneVerticle.Command command, Promise<Step> stepDone, Supplier<Future<JsonObject>> exclusive,
                         Promise<JsonObject> exclusiveDone) {
  }

  private final ZoneState state;
  private final ZoneStore store;
  private final Region region;
  private final Consumer<Step> committed;
  private final Supplier<Future<Void>> resync;
  private final EmulatorMetrics metrics;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private final List<Runnable> heldReads = new ArrayList<>();
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();
  private boolean flushing;
  /** A batch applied to the state is being written: its changes are not committed yet. */
  private boolean staged;
  private boolean stale;

  /**
   * @param committed what follows each step once it is stored
   * @param resync    makes the zone's state what Postgres holds, after a write with an unknown outcome
   */
  GroupCommit(ZoneState state, ZoneStore store, Region region, Consumer<Step> committed, Supplier<Future<Void>> resync,
              EmulatorMetrics metrics) {
    this.metrics = metrics;
    this.state = state;
    this.store = store;
    this.region = region;
    this.committed = committed;
    this.resync = resync;
  }

  Future<Step> submit(ZoneVerticle.Command command) {
    Promise<Step> done = Promise.promise();
    queue.add(new Pending(command, done, null, null));
    if (!flushing) {
      flush();
    }
    return done.future();
  }

  Future<JsonObject> exclusively(Supplier<Future<JsonObject>> action) {
    Promise<JsonObject> done = Promise.promise();
    queue.add(new Pending(null, null, action, done));
    if (!flushing) {
      flush();
    }
    return done.future();
  }

  /**
   * A read sees committed state only: while a batch of changes is being written it waits for it,
   * so it never sees a change that might still fail, and a caller sees what it was told was done.
   * Nothing else holds it up (a resynchronisation swaps the state in one step), so reads go on
   * while Postgres is away.
   */
  <T> Future<T> settled(Supplier<T> read) {
    if (!staged) {
      return Future.succeededFuture(read.get());
    }
    Promise<T> answer = Promise.promise();
    heldReads.add(() -> {
      try {
        answer.complete(read.get());
      } catch (RuntimeException e) {
        answer.fail(e);
      }
    });
    return answer.future();
  }

  /** Requests waiting for the zone: commands and exclusive actions queued, reads held. */
  int backlog() {
    return queue.size() + heldReads.size();
  }

  /** Completes once nothing is being written or waiting to be: a zone stops only then. */
  Future<Void> drained() {
    if (!flushing) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    drainWaiters.add(drained);
    return drained.future();
  }

  private void flush() {
    Pending head = queue.peek();
    if (head == null) {
      List<Promise<Void>> waiters = new ArrayList<>(drainWaiters);
      drainWaiters.clear();
      waiters.forEach(Promise::complete);
      return;
    }
    flushing = true;
    if (stale) {
      timed(resync).onComplete(done -> {
        if (done.succeeded()) {
          stale = false;
        } else {
          failWaiting(done.cause());
        }
        settle();
      });
      return;
    }
    if (head.exclusive() != null) {
      queue.poll();
      timed(head.exclusive()).onComplete(done -> {
        stale = unknownOutcome(done);
        head.exclusiveDone().handle(done);
        settle();
      });
      return;
    }
    Instant now = Timestamps.now();
    List<Pending> batch = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    state.begin();
    while (queue.peek() != null && queue.peek().command() != null && batch.size() < MAX_BATCH) {
      Pending next = queue.poll();
      try {
        Step step = next.command().run(now);
        stage(step);
        batch.add(next);
        steps.add(step);
      } catch (RuntimeException e) {
        // A command that breaks fails alone; the zone goes on with the others.
        next.stepDone().fail(e);
      }
    }
    if (steps.isEmpty()) {
      state.commit();
      settle();
      return;
    }
    staged = true;
    long sent = System.nanoTime();
    write(steps).onComplete(written -> {
      staged = false;
      if (written.succeeded()) {
        metrics.commit(steps.size(), System.nanoTime() - sent);
        state.commit();
        written.result().forEach(this::withAddresses);
        for (int i = 0; i < steps.size(); i++) {
          committed.accept(steps.get(i));
          batch.get(i).stepDone().complete(steps.get(i));
        }
      } else if (written.cause() instanceof BatchRefused refused) {
        state.rollback();
        retryWithout(batch, steps, refused);
      } else {
        state.rollback();
        stale = unknownOutcome(written);
        batch.forEach(pending -> pending.stepDone().fail(written.cause()));
      }
      settle();
    });
  }

  /**
   * One command's failure must not fail the others: one project's full range, say, is no error of
   * another project's. The culprits fail with their own errors, or (what GCE reports in the
   * operation, a requested address taken) come back as their failed operation alone; the rest of
   * the batch goes back to the head of the queue, to run again on the state as committed (each may have been decided on
   * a culprit's change, which is gone).
   */
  private void retryWithout(List<Pending> batch, List<Step> steps, BatchRefused refused) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      GceError own = refused.culprits().get(i);
      JsonObject operationError = refused.failedOperations().get(i);
      Pending pending = batch.get(i);
      if (own != null) {
        pending.stepDone().fail(own);
      } else if (operationError != null) {
        Operation operation = steps.get(i).operation();
        queue.addFirst(new Pending(now -> new Step(null, operation.failed(now, operationError), Step.Write.NONE),
          pending.stepDone(), null, null));
      } else {
        queue.addFirst(pending);
      }
    }
  }

  /** While the zone cannot reach Postgres, what waits for it fails at once rather than piling up. */
  private void failWaiting(Throwable cause) {
    GceError error = cause instanceof GceError gce && gce.isNotOwner() ? gce
      : GceError.backendError("Internal error. Please try again or contact Google Support.");
    for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
      if (pending.command() != null) {
        pending.stepDone().fail(error);
      } else {
        pending.exclusiveDone().fail(error);
      }
    }
  }

  /**
   * Postgres refused a statement (a taken name, a full range, a lost lease): nothing committed. Any
   * other failure (no connection, no answer in time) may have left the write committed or not.
   */
  private static boolean unknownOutcome(AsyncResult<?> result) {
    return result.failed() && !(result.cause() instanceof GceError error && !"backendError".equals(error.reason()));
  }

  /** After a write: reads held back meanwhile are answered, then the next group commit starts. */
  private void settle() {
    flushing = false;
    List<Runnable> reads = new ArrayList<>(heldReads);
    heldReads.clear();
    reads.forEach(Runnable::run);
    if (!flushing) {
      flush();
    }
  }

  private void stage(Step step) {
    switch (step.write()) {
      case CREATE, UPDATE -> state.put(step.instance());
      case DELETE -> state.remove(step.instance());
      case NONE, REPLAY -> { }
    }
    step.resources().forEach(state.resources()::apply);
    if (step.write() != Step.Write.REPLAY) {
      state.put(step.operation());
    }
  }

  /** A created instance's addresses come from Postgres, where the region's zones meet. */
  private void withAddresses(long instanceId, JsonArray networkInterfaces) {
    Instance instance = state.instanceById(instanceId);
    if (instance != null) {
      state.put(instance.withNetworkInterfaces(networkInterfaces));
    }
  }

  private Future<Map<Long, JsonArray>> write(List<Step> steps) {
    return timed(() -> store.writeAll(steps, region));
  }

  private static <T> Future<T> timed(Supplier<Future<T>> action) {
    return run(action).timeout(STORE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .recover(failure -> Future.failedFuture(failure instanceof GceError || failure instanceof BatchRefused ? failure
        : GceError.backendError("Internal error. Please try again or contact Google Support.")));
  }

  /** Whatever an action throws becomes its failure, so the queue never stalls. */
  private static <T> Future<T> run(Supplier<Future<T>> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
