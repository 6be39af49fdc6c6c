package io.gceemu.cluster;

import java.util.List;

/** The nodes this node can reach, as its cluster manager sees them (only itself when standalone). */
public interface Membership {

  String self();

  /** The members this node sees now, itself included; empty when it is in no cluster any more. */
  List<String> alive();

  /**
   * A node outside any cluster is by definition all there is: it may take zones from whoever held
   * them before, such as its own previous run, killed before its leases expired.
   */
  default boolean alone() {
    return false;
  }

  /** Called, on any thread, when members join or leave. */
  void onChange(Runnable listener);
}
