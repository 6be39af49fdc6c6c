package io.gceemu.catalog;

import io.gceemu.gce.Ipv4Range;

import java.util.List;

/**
 * A region with its zones and the range GCE gives its subnetwork in an auto-mode network (the
 * {@code default} network's, for one), which Postgres learns at every start.
 */
public record Region(String name, String id, String description, List<String> zones, Ipv4Range autoRange) {
}
