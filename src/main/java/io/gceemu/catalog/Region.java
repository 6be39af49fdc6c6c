package io.gceemu.catalog;

import java.util.List;

/**
 * A region with its zones and the range of its subnetwork in the auto-mode {@code default} network.
 *
 * @param subnetBase the first address of that range as a 32-bit number
 * @param subnetSize how many addresses the range holds
 */
public record Region(String name, String id, String description, List<String> zones, long subnetBase, int subnetSize) {

  /**
   * GCE reserves the network address, the gateway (.1), the second-to-last and the broadcast
   * address of each subnet, so the first VM gets {@code .2}.
   */
  public long firstUsableAddress() {
    return subnetBase + 2;
  }

  public long lastUsableAddress() {
    return subnetBase + subnetSize - 3;
  }
}
