package io.gceemu.support;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting, bounded in time, for a condition that other processes or threads bring about. */
public final class Eventually {

  private Eventually() {
  }

  public static void awaitTrue(String what, int seconds, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + seconds + " s: " + what);
      }
      sleep(100);
    }
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
