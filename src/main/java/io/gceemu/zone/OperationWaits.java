package io.gceemu.zone;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The callers of {@code zoneOperations.wait} (and the region's and global ones) held open until their operation is DONE or their
 * longest wait has passed (real GCE: about two minutes, then the operation as it is), and the read
 * counts of {@code manual} progression. Timers only: no thread waits.
 */
public final class OperationWaits {

  private record Waiter(Promise<Operation> answer, long timer) {
  }

  private final long maxWaitMs;
  private final Map<Long, List<Waiter>> waiting = new HashMap<>();
  private final Map<Long, Integer> reads = new HashMap<>();
  private Vertx vertx;

  public OperationWaits(long maxWaitMs) {
    this.maxWaitMs = maxWaitMs;
  }

  public void attach(Vertx owner) {
    this.vertx = owner;
  }

  /**
   * @param requestedMaxMs a shorter longest wait the caller asked for, or null
   * @param current        the operation as it is when the longest wait has passed
   */
  public Future<Operation> await(long operationId, Long requestedMaxMs, Supplier<Future<Operation>> current) {
    long wait = requestedMaxMs == null ? maxWaitMs : Math.min(maxWaitMs, Math.max(0, requestedMaxMs));
    Promise<Operation> answer = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, wait), fired -> {
      List<Waiter> waiters = waiting.get(operationId);
      if (waiters != null) {
        waiters.removeIf(waiter -> waiter.answer() == answer);
      }
      current.get().onComplete(answer);
    });
    waiting.computeIfAbsent(operationId, id -> new ArrayList<>()).add(new Waiter(answer, timer));
    return answer.future();
  }

  /**
   * Answers every caller waiting on an operation that is now DONE; each renders it as the API
   * version it came through shows it.
   */
  public void finished(Operation operation) {
    reads.remove(operation.id());
    List<Waiter> waiters = waiting.remove(operation.id());
    if (waiters != null) {
      waiters.forEach(waiter -> {
        vertx.cancelTimer(waiter.timer());
        waiter.answer().tryComplete(operation);
      });
    }
  }

  /**
   * The zone is being stopped or handed over: its waiting callers fail now (routers try again and
   * reach the zone's next owner) instead of waiting out their longest wait here.
   */
  public void abandonAll(Throwable cause) {
    waiting.values().forEach(waiters -> waiters.forEach(waiter -> {
      vertx.cancelTimer(waiter.timer());
      waiter.answer().tryFail(cause);
    }));
    waiting.clear();
  }

  /** Counts one read; true on every {@code every}-th, when a manual operation moves on. */
  public boolean countRead(long operationId, int every) {
    if (every <= 0) {
      return false;
    }
    int count = reads.merge(operationId, 1, Integer::sum);
    if (count >= every) {
      reads.remove(operationId);
      return true;
    }
    return false;
  }
}
