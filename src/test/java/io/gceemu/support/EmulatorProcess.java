package io.gceemu.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator in a process of its own, started as its users start it ({@code io.gceemu.Main}),
 * with the given class path; ready once it printed the line with its URL. Its standard output and
 * error are read as one stream, to its end.
 */
public record EmulatorProcess(Process process, String baseUrl, long startMillis, AtomicInteger blockedThreadWarnings) {

  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+) \\(started in (\\d+) ms");

  /** @param jvmOptions options for the JVM, e.g. {@code -Xmx1g} */
  public static EmulatorProcess start(String classPath, List<String> jvmOptions, List<String> arguments) throws IOException {
    return launch(jvmOptions, main(classPath), arguments, line -> { });
  }

  /** Started from the packaged jar, exactly as the README starts it. */
  public static EmulatorProcess fromJar(Path jar, List<String> jvmOptions, List<String> arguments) throws IOException {
    return fromJar(jar, jvmOptions, arguments, line -> { });
  }

  /** As {@link #fromJar(Path, List, List)}, handing every line of its output to {@code lines} as it is read. */
  public static EmulatorProcess fromJar(Path jar, List<String> jvmOptions, List<String> arguments, Consumer<String> lines)
      throws IOException {
    return launch(jvmOptions, List.of("-jar", jar.toString()), arguments, lines);
  }

  private static List<String> command(List<String> jvmOptions, List<String> main, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(main);
    command.addAll(arguments);
    return command;
  }

  private static EmulatorProcess launch(List<String> jvmOptions, List<String> main, List<String> arguments, Consumer<String> lines)
      throws IOException {
    Process process = new ProcessBuilder(command(jvmOptions, main, arguments)).redirectErrorStream(true).start();
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = output.readLine()) != null) {
      seen.append(line).append('\n');
      lines.accept(line);
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        AtomicInteger blocked = new AtomicInteger();
        Thread drain = new Thread(() -> drain(output, blocked, lines));
        drain.setDaemon(true);
        drain.start();
        return new EmulatorProcess(process, matcher.group(1), Long.parseLong(matcher.group(2)), blocked);
      }
    }
    throw new IllegalStateException("the emulator exited before listening:\n" + seen);
  }

  /**
   * Reads the rest of the output so the process never blocks on a full pipe, counting Vert.x's
   * warnings of a blocked event loop; it ends with the process.
   */
  private static void drain(BufferedReader output, AtomicInteger blocked, Consumer<String> lines) {
    try {
      String line;
      while ((line = output.readLine()) != null) {
        lines.accept(line);
        if (line.contains("has been blocked for")) {
          blocked.incrementAndGet();
        }
      }
    } catch (IOException closed) {
      // the process was stopped
    }
  }

  /** Started with this JVM's own class path, as the tests run it. */
  public static EmulatorProcess start(List<String> arguments) throws IOException {
    return start(System.getProperty("java.class.path"), List.of(), arguments);
  }

  /** As {@link #start(List)}, handing every line of its output to {@code lines} as it is read. */
  public static EmulatorProcess start(List<String> arguments, Consumer<String> lines) throws IOException {
    return launch(List.of(), main(System.getProperty("java.class.path")), arguments, lines);
  }

  private static List<String> main(String classPath) {
    return List.of("-cp", classPath, "io.gceemu.Main");
  }

  /** How a run of {@code Main} ended, with what it printed on each stream. */
  public record Exit(int status, List<String> stdout, List<String> stderr) {
  }

  /**
   * {@code Main} with this JVM's class path, run to its end: for starts that must fail. Its output
   * goes to files, so that neither stream can fill up and block it.
   */
  public static Exit runToExit(List<String> arguments) throws IOException, InterruptedException {
    Path stdout = Files.createTempFile("gce-emu-stdout", ".txt");
    Path stderr = Files.createTempFile("gce-emu-stderr", ".txt");
    try {
      Process process = new ProcessBuilder(command(List.of(), main(System.getProperty("java.class.path")), arguments))
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        throw new IllegalStateException("the emulator did not exit:\n" + Files.readString(stdout) + Files.readString(stderr));
      }
      return new Exit(process.exitValue(), Files.readAllLines(stdout), Files.readAllLines(stderr));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
