package io.gceemu.gce;

import io.gceemu.catalog.Catalog;

import java.util.Optional;

/**
 * An IPv4 CIDR range ({@code 10.128.0.0/20}) as GCE's subnetworks and rules write them.
 *
 * @param base   the range's first address as a 32-bit number
 * @param prefix how many leading bits are the network's
 */
public record Ipv4Range(long base, int prefix) {

  /** The range a CIDR text names, if it is one whose address is the first of its range, as GCE requires. */
  public static Optional<Ipv4Range> parse(String cidr) {
    if (cidr == null) {
      return Optional.empty();
    }
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String bits = cidr.substring(slash + 1);
    if (bits.isEmpty() || bits.length() > 2 || !bits.chars().allMatch(Character::isDigit) || Integer.parseInt(bits) > 32) {
      return Optional.empty();
    }
    int prefix = Integer.parseInt(bits);
    return Catalog.parseIpv4(cidr.substring(0, slash)).stream().boxed()
      .map(address -> new Ipv4Range(address, prefix)).filter(range -> (range.base() & ~range.mask()) == 0).findFirst();
  }

  public long size() {
    return 1L << (32 - prefix);
  }

  private long mask() {
    return (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  public boolean contains(long address) {
    return address >= base && address < base + size();
  }

  public boolean contains(Ipv4Range other) {
    return other.prefix >= prefix && contains(other.base);
  }

  /** GCE's gateway of a subnetwork: its second address. */
  public String gateway() {
    return Catalog.ipv4(base + 1);
  }

  /**
   * Whether {@code address} may be given to an instance: GCE keeps the network address, the
   * gateway, the second-to-last and the broadcast address of each subnetwork.
   */
  public boolean usable(long address) {
    return address >= base + 2 && address <= base + size() - 3;
  }

  @Override
  public String toString() {
    return Catalog.ipv4(base) + "/" + prefix;
  }
}
