package io.gceemu.store;

/**
 * The right to write one zone: its lease's owner and epoch. Every write transaction of the zone
 * checks it first, so a node that lost the zone cannot commit for it.
 */
public record ZoneFence(String zone, String owner, long epoch) {
}
