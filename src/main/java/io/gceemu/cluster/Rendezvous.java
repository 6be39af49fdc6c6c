package io.gceemu.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.zip.CRC32;

/**
 * Which serving node a zone belongs to: the one with the highest hash of (zone, node). Every node
 * computes the same answer from the same members, and a node joining or leaving moves only the
 * zones it gains or loses.
 */
final class Rendezvous {

  private Rendezvous() {
  }

  static String owner(String zone, Collection<String> nodes) {
    String best = null;
    long bestScore = -1;
    for (String node : nodes) {
      long score = score(zone, node);
      if (score > bestScore || (score == bestScore && node.compareTo(best) < 0)) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }

  private static long score(String zone, String node) {
    CRC32 crc = new CRC32();
    crc.update((zone + "\u0000" + node).getBytes(StandardCharsets.UTF_8));
    // CRC alone spreads similar inputs poorly; a final mix makes every bit count.
    long h = crc.getValue() * 0x9E3779B97F4A7C15L;
    return (h ^ (h >>> 29)) & Long.MAX_VALUE;
  }
}
