package io.gceemu.zone;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A serial port's output as GCE keeps it: a ring buffer of the last 1 MiB. Offsets count bytes
 * since the VM was created, so {@code next} only grows; a {@code start} older than the buffer is
 * moved to the oldest byte kept, and the answer says so.
 *
 * @param discarded bytes dropped from the front so far (the offset of the first byte kept)
 * @param contents  what the buffer holds now
 */
public record SerialConsole(long discarded, String contents) {

  public static final int CAPACITY = 1024 * 1024;
  public static final SerialConsole EMPTY = new SerialConsole(0, "");

  /** One read: the bytes from {@code start} on, and the offset to ask for next time. */
  public record Output(String contents, long start, long next) {
  }

  public SerialConsole append(String text) {
    byte[] bytes = (contents + text).getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= CAPACITY) {
      return new SerialConsole(discarded, contents + text);
    }
    int cut = bytes.length - CAPACITY;
    return new SerialConsole(discarded + cut, new String(Arrays.copyOfRange(bytes, cut, bytes.length), StandardCharsets.UTF_8));
  }

  public long next() {
    return discarded + contents.getBytes(StandardCharsets.UTF_8).length;
  }

  public Output read(long start) {
    byte[] bytes = contents.getBytes(StandardCharsets.UTF_8);
    long from = Math.max(discarded, Math.min(start, next()));
    int offset = (int) (from - discarded);
    return new Output(new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8), from, next());
  }
}
