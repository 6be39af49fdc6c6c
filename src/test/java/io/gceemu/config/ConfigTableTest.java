package io.gceemu.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's table of options is checked against the code and {@code --help}, so none can drift apart. */
class ConfigTableTest {

  /** A line of {@code --help}: the flag, its help, and the environment variable at the end. */
  private static final Pattern HELP_LINE = Pattern.compile("^ {2}(--\\S+).*?(?:; env (GCE_EMU_\\w+))?$");

  @Test
  void everyOptionIsInTheReadmeWithItsFlagEnvironmentVariableAndKey() throws Exception {
    Set<String> documented = new TreeSet<>();
    readmeRows().forEach(cells -> documented.add(cells[0] + " " + cells[1] + " " + cells[2]));
    Set<String> coded = new TreeSet<>();
    ConfigLoader.OPTIONS.forEach(option -> coded.add(option.flag() + " " + option.envName() + " " + option.key()));
    coded.add("--conf GCE_EMU_CONF ");
    coded.add("--help  ");
    assertEquals(coded, documented);
  }

  @Test
  void helpListsEveryOptionOfTheReadmeWithItsEnvironmentVariable() throws Exception {
    Set<String> documented = new TreeSet<>();
    readmeRows().forEach(cells -> documented.add(cells[0] + " " + cells[1]));
    Set<String> helped = new TreeSet<>();
    ConfigLoader.help().lines().map(HELP_LINE::matcher).filter(Matcher::matches)
      .forEach(line -> helped.add(line.group(1) + " " + (line.group(2) == null ? "" : line.group(2))));
    assertEquals(documented, helped);
  }

  /** The flag, environment variable and key cells of each row of the options table. */
  private static List<String[]> readmeRows() throws IOException {
    return Files.readString(Path.of("README.md")).lines().filter(line -> line.startsWith("| `--")).map(line -> {
      String[] cells = line.split("\\|");
      return new String[] {cell(cells[1]), cell(cells[2]), cell(cells[3])};
    }).toList();
  }

  private static String cell(String text) {
    return text.trim().replace("`", "");
  }
}
