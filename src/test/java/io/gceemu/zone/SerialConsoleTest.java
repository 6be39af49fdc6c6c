package io.gceemu.zone;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The 1 MiB ring buffer and GCE's start/next semantics. */
class SerialConsoleTest {

  @Test
  void keepsTheLastMebibyteAndMovesOldStartsToTheOldestByte() {
    String line = "x".repeat(1023) + "\n";
    SerialConsole console = SerialConsole.EMPTY;
    for (int i = 0; i < 1500; i++) {
      console = console.append(line);
    }
    assertEquals(1500L * 1024, console.next());
    assertEquals(1500L * 1024 - SerialConsole.CAPACITY, console.discarded());
    assertEquals(SerialConsole.CAPACITY, console.contents().length());

    SerialConsole.Output old = console.read(0);
    assertEquals(console.discarded(), old.start(), "a start before the buffer is moved to its oldest byte");
    assertEquals(SerialConsole.CAPACITY, old.contents().length());

    SerialConsole.Output tail = console.read(console.next() - 10);
    assertEquals("xxxxxxxxx\n", tail.contents());
    assertEquals(console.next(), tail.next());

    SerialConsole.Output beyond = console.read(console.next() + 100);
    assertEquals("", beyond.contents());
    assertEquals(console.next(), beyond.start());
  }
}
