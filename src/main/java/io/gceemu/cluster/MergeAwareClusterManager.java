package io.gceemu.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.config.Config;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.Completable;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vert.x's Hazelcast cluster manager, made to recover from a healed split. Each node's event bus
 * caches where every address is registered and keeps the cache current from the registration
 * map's change events. A member that merges into the other side of a split (Hazelcast restarts
 * it under a new member id) misses the events of that merge: measured in ClusterProcessIT, the
 * survivor of a paused node merged into the resumed one and never again reached the zones the
 * resumed node took back, while the resumed node reached every zone. So when this node merges
 * and when a member joins, and again as the zones settle, every address the cache holds is read
 * again from the registration map and handed to the cache, as its own change events would.
 */
final class MergeAwareClusterManager extends HazelcastClusterManager {

  /** When after a merge or a join the cache is read again: zones move within a few ownership ticks. */
  private static final List<Long> SETTLING_MS = List.of(1_000L, 3_000L, 10_000L);

  private volatile Vertx vertx;
  private volatile RegistrationListener registrations;
  /** The addresses the event bus has looked up, so far as it still caches them. */
  private final Set<String> looked = ConcurrentHashMap.newKeySet();

  MergeAwareClusterManager(Config config) {
    super(config);
  }

  @Override
  public void init(Vertx vertx) {
    this.vertx = vertx;
    super.init(vertx);
  }

  @Override
  public void registrationListener(RegistrationListener listener) {
    this.registrations = listener;
    super.registrationListener(listener);
  }

  @Override
  public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
    looked.add(address);
    super.getRegistrations(address, promise);
  }

  @Override
  public synchronized void stateChanged(LifecycleEvent event) {
    super.stateChanged(event);
    if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
      refreshCachedRegistrations();
    }
  }

  @Override
  public synchronized void memberAdded(MembershipEvent event) {
    super.memberAdded(event);
    refreshCachedRegistrations();
  }

  private void refreshCachedRegistrations() {
    Vertx current = vertx;
    if (current != null) {
      current.runOnContext(now -> refresh());
      SETTLING_MS.forEach(delay -> current.setTimer(delay, timer -> refresh()));
    }
  }

  private void refresh() {
    RegistrationListener listener = registrations;
    if (listener == null || !isActive()) {
      return;
    }
    for (String address : looked) {
      if (!listener.wantsUpdatesFor(address)) {
        looked.remove(address);
        continue;
      }
      super.getRegistrations(address, (current, failure) -> {
        if (failure == null) {
          listener.registrationsUpdated(new RegistrationUpdateEvent(address, current));
        }
      });
    }
  }
}
