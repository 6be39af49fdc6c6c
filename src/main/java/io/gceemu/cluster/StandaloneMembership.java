package io.gceemu.cluster;

import java.util.List;
import java.util.UUID;

/**
 * A node outside any cluster. It is all the nodes there are, so it takes every zone at once, also
 * from the previous run of the emulator on the same database (killed before its leases expired).
 */
public final class StandaloneMembership implements Membership {

  private final String self = UUID.randomUUID().toString();

  @Override
  public String self() {
    return self;
  }

  @Override
  public List<String> alive() {
    return List.of(self);
  }

  @Override
  public boolean alone() {
    return true;
  }

  @Override
  public void onChange(Runnable listener) {
  }
}
