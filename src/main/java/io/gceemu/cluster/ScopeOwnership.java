package io.gceemu.cluster;

import io.gceemu.store.LeaseStore;
import io.gceemu.store.ZoneFence;
import io.vertx.core.Future;
import io.vertx.core.AsyncResult;
import io.vertx.core.Deployable;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Decides which scopes this node serves (each zone, and the global scope), following
 * {@code cluster-design.md}: Postgres leases with epochs are the authority, the cluster manager
 * only an early warning. Every second (and whenever members come or go) the node renews its
 * leases, drops the scopes it lost, hands over the scopes another serving node should have, and
 * takes the scopes that should be its own. A scope's verticle is deployed only after its lease is
 * taken, so the state it loads includes every write of the previous owner, and is undeployed
 * before its lease is handed over. Every scope is leased, fenced and moved alike; log lines and
 * lease rows name zones by their name and the global scope {@value io.gceemu.bus.Addresses#GLOBAL}.
 */
public final class ScopeOwnership extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ScopeOwnership.class);
  private static final int TAKES_AT_ONCE = 4;

  private record Held(ZoneLease lease, String deployment) {
  }

  private final List<String> scopes;
  private final Membership membership;
  private final LeaseStore leases;
  private final Function<ZoneLease, Deployable> scopeVerticle;
  private final long ttlMs;
  private final Map<String, Held> held = new HashMap<>();
  private final Set<String> moving = new HashSet<>();
  private boolean ticking;
  private boolean tickAgain;
  private boolean renewalFailing;
  private long timer = -1;

  /**
   * @param scopes        the names of the scopes to serve: the zones, and the global scope
   * @param scopeVerticle builds the verticle that serves a scope under its lease
   * @param ttlMs         a lease's length: how long a node that stopped renewing keeps its scopes
   */
  public ScopeOwnership(List<String> scopes, Membership membership, LeaseStore leases, Function<ZoneLease, Deployable> scopeVerticle,
                        long ttlMs) {
    this.scopes = scopes;
    this.membership = membership;
    this.leases = leases;
    this.scopeVerticle = scopeVerticle;
    this.ttlMs = ttlMs;
  }

  @Override
  public Future<?> start() {
    membership.onChange(() -> context.runOnContext(v -> tick()));
    // The first tick takes every scope and loads its state, which may take long (a large state, a
    // busy machine); it is bounded by the start-up time, not by the renewal period.
    return StartupRetry.untilStarted(vertx, "taking the scopes", () -> tick(StartupRetry.STARTUP_MS))
      .onSuccess(v -> timer = vertx.setPeriodic(renewEveryMs(), id -> tick().onComplete(this::reportRenewal)));
  }

  /** One line when renewing starts failing (Postgres away) and one when it works again, not one a second. */
  private void reportRenewal(AsyncResult<Void> ticked) {
    if (ticked.failed() && !renewalFailing) {
      LOG.warn("cannot renew scope leases ({}); retrying every {} ms", ticked.cause().getMessage(), renewEveryMs());
    } else if (ticked.succeeded() && renewalFailing) {
      LOG.info("renewing scope leases again");
    }
    renewalFailing = ticked.failed();
  }

  /** A graceful stop hands every scope over at once: its writes finish, then its lease is freed. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    List<Future<Void>> handed = new ArrayList<>(held.keySet()).stream().map(this::handOver).toList();
    return Future.join(handed).transform(done -> leases.leave(membership.self())).otherwiseEmpty();
  }

  private long renewEveryMs() {
    return Math.max(100, ttlMs / 10);
  }

  /**
   * In a cluster, reads are answered for half a lease after a renewal was sent: before the lease
   * can expire, and before the cluster (which declares a silent member dead after 8 s in
   * {@code conf/cluster.xml}) lets another node take the scope early. A standalone node has nobody
   * to lose a scope to, and keeps answering reads however long Postgres is away.
   */
  private long servingWindowMs() {
    return membership.alone() ? 0 : ttlMs / 2;
  }

  private Future<Void> tick() {
    return tick(3 * renewEveryMs());
  }

  private Future<Void> tick(long boundMs) {
    if (ticking) {
      tickAgain = true;
      return Future.succeededFuture();
    }
    ticking = true;
    long sentAt = System.nanoTime();
    String self = membership.self();
    List<ZoneFence> fences = held.values().stream().map(h -> h.lease().fence()).toList();
    return leases.heartbeat(self)
      .compose(v -> leases.renew(self, fences, ttlMs))
      .compose(renewed -> {
        List<Future<Void>> checks = new ArrayList<>();
        for (ZoneFence fence : fences) {
          Held current = held.get(fence.zone());
          if (current == null || current.lease().fence().epoch() != fence.epoch()) {
            // Gone meanwhile, or re-fenced by its verticle after this renewal was sent.
            continue;
          }
          if (current.lease().lost()) {
            // Its verticle found it had lost the lease; whatever Postgres says, start it afresh.
            checks.add(handOver(fence.zone()));
          } else if (renewed.contains(fence.zone())) {
            current.lease().renewed(sentAt);
          } else {
            checks.add(confirmLost(fence));
          }
        }
        return Future.join(checks).transform(checked -> leases.servingNodes(ttlMs));
      })
      .compose(servers -> Future.join(rebalance(servers)))
      .<Void>mapEmpty()
      // A tick waiting on Postgres (a lock of a frozen node, a server going away) must not stop
      // the next ones: after three renewal periods it is given up, and its work done again.
      .timeout(boundMs, TimeUnit.MILLISECONDS)
      .eventually(() -> {
        ticking = false;
        if (tickAgain) {
          tickAgain = false;
          tick();
        }
        return Future.succeededFuture();
      });
  }

  /** Each scope belongs to one serving node that is also a live member; hand over or take accordingly. */
  private List<Future<Void>> rebalance(Set<String> servers) {
    String self = membership.self();
    List<String> alive = membership.alive();
    if (!alive.contains(self)) {
      // This node's cluster member is gone (shut down under it): nobody can reach its scopes, so
      // it hands them over and takes none.
      return new ArrayList<>(held.keySet()).stream().map(this::handOver).toList();
    }
    Set<String> candidates = new HashSet<>(servers);
    candidates.retainAll(alive);
    candidates.add(self);
    List<String> members = membership.alone() || majority(candidates, servers) ? alive : null;
    List<Future<Void>> moves = new ArrayList<>();
    List<String> toTake = new ArrayList<>();
    for (String name : scopes) {
      if (moving.contains(name)) {
        continue;
      }
      boolean mine = self.equals(Rendezvous.owner(name, candidates));
      if (held.containsKey(name) && !mine) {
        moves.add(handOver(name));
      } else if (!held.containsKey(name) && mine) {
        toTake.add(name);
      }
    }
    moves.addAll(inTurns(toTake, members));
    return moves;
  }

  /**
   * Takes the scopes {@value #TAKES_AT_ONCE} at a time: each loads its state through the pool, and
   * all of a node's at once (at a start beside many stored resources) kept the others' lease
   * statements waiting past the pool's timeout, so they failed and waited for the next tick.
   */
  private List<Future<Void>> inTurns(List<String> names, List<String> members) {
    moving.addAll(names);
    List<Future<Void>> turns = new ArrayList<>();
    for (int first = 0; first < Math.min(TAKES_AT_ONCE, names.size()); first++) {
      Future<Void> turn = Future.succeededFuture();
      for (int next = first; next < names.size(); next += TAKES_AT_ONCE) {
        String name = names.get(next);
        turn = turn.transform(before -> take(name, members));
      }
      turns.add(turn);
    }
    return turns;
  }

  /**
   * Whether this node sees more than half of the serving nodes (by Postgres's record, so
   * client-only members do not count and a node that left gracefully is gone at once); at exactly
   * half, the side with the lowest node id. Only then may it take scopes whose owners left the
   * cluster before their leases expired, so the two sides of a split never both do.
   */
  private static boolean majority(Set<String> reachableServers, Set<String> servers) {
    Set<String> all = new HashSet<>(servers);
    all.addAll(reachableServers);
    int seen = reachableServers.size() * 2;
    return seen > all.size() || (seen == all.size() && reachableServers.contains(Collections.min(all)));
  }

  private Future<Void> take(String scope, List<String> members) {
    moving.add(scope);
    long sentAt = System.nanoTime();
    return leases.acquire(scope, membership.self(), members, ttlMs)
      .compose(fence -> fence.isEmpty() ? Future.<Void>succeededFuture() : serve(new ZoneLease(fence.get(), sentAt, servingWindowMs())))
      .onFailure(failure -> LOG.warn("could not take scope {}", scope, failure))
      .eventually(() -> {
        moving.remove(scope);
        return Future.succeededFuture();
      });
  }

  private Future<Void> serve(ZoneLease lease) {
    return vertx.deployVerticle(scopeVerticle.apply(lease))
      .onSuccess(deployment -> {
        held.put(lease.zone(), new Held(lease, deployment));
        LOG.debug("serving scope {} at epoch {}", lease.zone(), lease.fence().epoch());
      })
      .recover(failure -> leases.release(lease.fence()).transform(released -> Future.failedFuture(failure)))
      .mapEmpty();
  }

  private Future<Void> handOver(String scope) {
    Held leaving = held.remove(scope);
    moving.add(scope);
    return vertx.undeploy(leaving.deployment())
      .transform(undeployed -> leases.release(leaving.lease().fence()))
      .eventually(() -> {
        moving.remove(scope);
        return Future.succeededFuture();
      });
  }

  /**
   * A lease that was not renewed is lost if another node holds it; if this node still does, its
   * scope moved it to a new epoch while the renewal was on its way, and the next renewal carries that.
   */
  private Future<Void> confirmLost(ZoneFence fence) {
    return leases.holder(fence.zone()).map(holder -> {
      boolean ours = holder.map(now -> now.owner().equals(fence.owner())).orElse(false);
      if (!ours && held.containsKey(fence.zone())) {
        LOG.warn("scope {} was taken over by another node; no longer serving it", fence.zone());
        drop(fence.zone());
      }
      return null;
    });
  }

  /** The lease is someone else's already: stop serving, and leave the lease alone. */
  private void drop(String scope) {
    Held lost = held.remove(scope);
    lost.lease().lose();
    moving.add(scope);
    vertx.undeploy(lost.deployment()).onComplete(undeployed -> moving.remove(scope));
  }
}
