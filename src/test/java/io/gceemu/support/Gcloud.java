package io.gceemu.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real {@code gcloud}, pointed at an emulator with nothing but its environment (README's gcloud
 * section): no login, no metadata server, no usage reports or update checks, so that nothing it
 * does leaves loopback.
 */
public final class Gcloud {

  private static final long TIMEOUT_SECONDS = 120;

  private final Path executable;
  private final Path config;
  private final String endpoint;

  private Gcloud(Path executable, Path config, String endpoint) {
    this.executable = executable;
    this.config = config;
    this.endpoint = endpoint;
  }

  /** {@code gcloud} on the PATH, if installed. */
  public static Optional<Path> find() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, "gcloud")).filter(Files::isExecutable).findFirst();
  }

  /** The installed gcloud, set up as {@link #at} does; the test is skipped where there is none (see {@link ExternalTools}). */
  public static Gcloud installedOrSkip(String test, Path config, String endpoint) {
    Optional<Path> installed = find();
    ExternalTools.assumeInstalled(test, installed.isPresent() ? null
      : "gcloud is not on the PATH: install the Google Cloud CLI (Debian package google-cloud-cli)");
    return at(installed.get(), config, endpoint);
  }

  /**
   * @param config an empty directory of its own, for {@code CLOUDSDK_CONFIG}
   * @param endpoint what {@code CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE} says: with a path
   *                 ({@code http://127.0.0.1:PORT/compute/v1/}) gcloud uses it as it is for every
   *                 version; the bare root makes gcloud add its own API version's path (gcloud's
   *                 apis_internal._BuildEndpointOverride): /compute/beta/ for gcloud beta
   */
  public static Gcloud at(Path executable, Path config, String endpoint) {
    try {
      // gcloud asks whether it runs on GCE (the metadata server) unless this file says it does not.
      Files.writeString(config.resolve("gce"), "False");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Gcloud(executable, config, endpoint);
  }

  /** The whole environment a gcloud process gets, besides PATH and HOME. */
  public Map<String, String> environment(String project) {
    return Map.of(
      "CLOUDSDK_CONFIG", config.toString(),
      "CLOUDSDK_API_ENDPOINT_OVERRIDES_COMPUTE", endpoint,
      "CLOUDSDK_AUTH_ACCESS_TOKEN", "x",
      "CLOUDSDK_CORE_PROJECT", project,
      "CLOUDSDK_CORE_DISABLE_PROMPTS", "1",
      "CLOUDSDK_CORE_CHECK_GCE_METADATA", "false",
      "CLOUDSDK_METRICS_ENVIRONMENT", "gce-emulator-test",
      "CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "1",
      "CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "1");
  }

  /** Runs {@code gcloud args...} in {@code project}; waits for it to end. */
  public Result run(String project, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    // Nothing of the caller's own gcloud set-up may leak in: only what is set here.
    env.keySet().removeIf(key -> key.startsWith("CLOUDSDK_") || key.startsWith("GOOGLE_") || key.toLowerCase().endsWith("_proxy"));
    env.putAll(environment(project));
    try {
      Path out = Files.createTempFile(config, "out", ".txt");
      Path err = Files.createTempFile(config, "err", ".txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("gcloud " + String.join(" ", args) + " did not end in " + TIMEOUT_SECONDS + " s");
      }
      return new Result(String.join(" ", args), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What one gcloud command did: its exit code, standard output and standard error. */
  public record Result(String command, int exitCode, String out, String err) {

    /** This result, failing the test with everything gcloud said unless it succeeded. */
    public Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("gcloud " + command + " exited " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
      }
      return this;
    }
  }
}
