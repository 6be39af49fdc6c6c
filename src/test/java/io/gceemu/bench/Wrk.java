package io.gceemu.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code wrk} (Debian's package) with 64 connections and reads its figures. */
final class Wrk {

  static final int CONNECTIONS = 64;

  /** What one run measured. */
  record Result(double requestsPerSecond, double p50Ms, double p99Ms, long requests, long errors) {
  }

  private Wrk() {
  }

  /** @param script a Lua request script, or null for a plain GET of {@code url} */
  static Result run(String url, String script, int seconds) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + CONNECTIONS, "-d" + seconds + "s", "--latency"));
    if (script != null) {
      Path file = Files.createTempFile("gce-bench", ".lua");
      Files.writeString(file, script);
      command.addAll(List.of("-s", file.toString()));
    }
    command.add(url);
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (wrk.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    return new Result(number(output, "Requests/sec:\\s+([\\d.]+)"), millis(output, "50%"), millis(output, "99%"),
      (long) number(output, "(\\d+) requests in"), (long) numberOr(output, "Non-2xx or 3xx responses: (\\d+)", 0));
  }

  private static double millis(String output, String percentile) {
    Matcher matcher = Pattern.compile(percentile + "\\s+([\\d.]+)(us|ms|s)").matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + percentile + " in wrk's output:\n" + output);
    }
    double value = Double.parseDouble(matcher.group(1));
    return switch (matcher.group(2)) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
  }

  private static double number(String output, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException("no match for " + regex + " in wrk's output:\n" + output);
    }
    return Double.parseDouble(matcher.group(1));
  }

  private static double numberOr(String output, String regex, double otherwise) {
    Matcher matcher = Pattern.compile(regex).matcher(output);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : otherwise;
  }
}
