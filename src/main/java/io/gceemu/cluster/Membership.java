package io.gceemu.cluster;

import java.util.List;

/** The nodes this node can reach, as its cluster manager sees them (only itself when standalone). */
public interface Membership {

  String self();

  List<String> alive();

  /**
   * True while this node sees more than half of the largest cluster it has seen: only then may it
   * take zones from members that left before their leases expire, so the two sides of a split
   * never both do.
   */
  boolean majority();

  /** Called, on any thread, when members join or leave. */
  void onChange(Runnable listener);
}
