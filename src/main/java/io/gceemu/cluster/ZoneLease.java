package io.gceemu.cluster;

import io.gceemu.store.ZoneFence;

import java.util.concurrent.TimeUnit;

/**
 * A node's hold on one zone, as its zone verticle sees it. Writes are fenced in Postgres whatever
 * this says; reads are answered only while the lease was renewed recently enough that nobody can
 * have taken the zone over meanwhile, so a node that was paused or cut off refuses reads by its
 * own clock before it even learns it lost the zone.
 *
 * <p>Written by the node's ownership verticle and read by the zone's event loop: the two fields
 * are volatile, the one piece of state the two share.
 */
public final class ZoneLease {

  private final boolean bounded;
  private final long servingWindowNanos;
  private volatile ZoneFence fence;
  private volatile long servingUntil;
  private volatile boolean lost;

  /**
   * @param servingWindowMs how long after a renewal was sent the zone may still answer reads:
   *                        less than the lease's length and than the time the cluster takes to
   *                        declare a silent node dead, the two ways another node can take over;
   *                        0 for a standalone node, which nobody can take a zone from, so that
   *                        it keeps answering reads while Postgres is away
   */
  ZoneLease(ZoneFence fence, long acquiredAtNanos, long servingWindowMs) {
    this.fence = fence;
    this.bounded = servingWindowMs > 0;
    this.servingWindowNanos = TimeUnit.MILLISECONDS.toNanos(servingWindowMs);
    this.servingUntil = acquiredAtNanos + servingWindowNanos;
  }

  public ZoneFence fence() {
    return fence;
  }

  public String zone() {
    return fence.zone();
  }

  public boolean serving() {
    return !lost && (!bounded || System.nanoTime() - servingUntil < 0);
  }

  /** The zone moved its own lease to a new epoch (see {@code LeaseStore.refence}). */
  public void refenced(ZoneFence next) {
    fence = next;
  }

  /** @param sentAtNanos when the renewal that succeeded was sent */
  void renewed(long sentAtNanos) {
    servingUntil = sentAtNanos + servingWindowNanos;
  }

  /** Another node holds the zone now, or will soon: stop answering for it at once. */
  public void lose() {
    lost = true;
  }

  boolean lost() {
    return lost;
  }
}
