package io.gceemu.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's table of options is checked against the code, so the two cannot drift apart. */
class ConfigTableTest {

  @Test
  void everyOptionIsInTheReadmeWithItsFlagEnvironmentVariableAndKey() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Set<String> documented = new TreeSet<>();
    readme.lines().filter(line -> line.startsWith("| `--")).forEach(line -> {
      String[] cells = line.split("\\|");
      documented.add(cell(cells[1]) + " " + cell(cells[2]) + " " + cell(cells[3]));
    });
    Set<String> coded = new TreeSet<>();
    ConfigLoader.OPTIONS.forEach(option -> coded.add(option.flag() + " " + option.envName() + " " + option.key()));
    coded.add("--conf GCE_EMU_CONF ");
    coded.add("--help  ");
    assertEquals(coded, documented);
  }

  private static String cell(String text) {
    return text.trim().replace("`", "");
  }
}
