package io.gceemu.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Membership as Hazelcast sees it. Vert.x's node ids are Hazelcast member ids. The listener is
 * Hazelcast's own, because Vert.x keeps the cluster manager's single node listener for itself.
 */
final class ClusterMembership implements Membership {

  private final HazelcastClusterManager manager;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  ClusterMembership(HazelcastClusterManager manager) {
    this.manager = manager;
    manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        changed();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        changed();
      }
    });
  }

  @Override
  public String self() {
    return manager.getNodeId();
  }

  /** A node whose Hazelcast member has shut down is in no cluster at all: it sees nobody, not even itself. */
  @Override
  public List<String> alive() {
    try {
      return manager.getHazelcastInstance().getLifecycleService().isRunning() ? manager.getNodes() : List.of();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  @Override
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  private void changed() {
    listeners.forEach(Runnable::run);
  }
}
