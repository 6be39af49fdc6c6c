package io.gceemu;

import io.gceemu.cluster.ClusterNode;
import io.gceemu.cluster.Membership;
import io.gceemu.cluster.StandaloneMembership;
import io.gceemu.config.ConfigLoader;
import io.gceemu.config.EmulatorConfig;
import io.gceemu.store.DatabaseUrl;
import io.gceemu.store.EmbeddedDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Command-line entry point. Start-up is blocking here, on the main thread, before any event loop
 * runs: the embedded Postgres first (unless {@code --db-url} names one), then the emulator. The
 * help text and the one "listening" line go to standard output, as a CLI's answer to its user; a
 * start that fails is one line on standard error (see {@link StartupFailure}) and exit status 1.
 */
public final class Main {

  static {
    Logging.install();
  }

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  static final int START_TIMEOUT_SECONDS = 60;

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    EmulatorConfig config;
    try {
      if (Arrays.asList(args).contains("--help")) {
        System.out.print(ConfigLoader.help());
        return;
      }
      config = ConfigLoader.load(args, System.getenv());
    } catch (ConfigLoader.ConfigException e) {
      System.err.println("gce-emulator: " + e.getMessage());
      System.exit(2);
      return;
    }

    EmbeddedDatabase embedded = null;
    PgConnectOptions database = null;
    Vertx vertx = null;
    Emulator emulator;
    try {
      checkAddress(config);
      embedded = config.embeddedDatabase() ? EmbeddedDatabase.start(Path.of(config.dataDir())) : null;
      database = embedded != null ? DatabaseUrl.embedded(embedded.port()) : DatabaseUrl.parse(config.dbUrl());
      Membership membership = new StandaloneMembership();
      if (config.cluster()) {
        ClusterNode node = await(ClusterNode.join(Path.of(config.clusterConfig()), config.clusterName(), config.clusterHost()));
        vertx = node.vertx();
        membership = node.membership();
      } else {
        vertx = Vertx.vertx();
      }
      emulator = await(Emulator.start(vertx, config, database, membership));
    } catch (Exception e) {
      System.err.println("gce-emulator: " + StartupFailure.describe(e, config, database));
      if (vertx != null) {
        vertx.close();
      }
      if (embedded != null) {
        try {
          embedded.close();
        } catch (IOException ignored) {
          // exiting anyway; the next start stops a Postgres left behind
        }
      }
      System.exit(1);
      return;
    }
    Vertx running = vertx;
    EmbeddedDatabase ownDatabase = embedded;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(running, emulator, ownDatabase), "gce-emulator-shutdown"));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (config.exposed()) {
      LOG.warn("listening on " + config.host() + ", reachable from other machines"
        + (config.authToken() == null ? "; anyone who can reach it can manage its instances (see --auth-token)" : ""));
    }
    System.out.println("gce-emulator listening on http://" + config.host() + ":" + emulator.port()
      + " (started in " + millis + " ms" + (embedded != null ? ", embedded Postgres on port " + embedded.port() : "") + ")");
    if (emulator.metadataPort() >= 0) {
      System.out.println("metadata server on http://" + config.host() + ":" + emulator.metadataPort()
        + " (GCE_METADATA_HOST=" + config.host() + ":" + emulator.metadataPort() + ")");
    }
  }

  /**
   * The HTTP port is bound last, once the zones are loaded; a port already taken or a host that is
   * not this machine's is found out here instead, in a moment and before anything has started (the
   * bind itself still reports a port taken in between).
   */
  private static void checkAddress(EmulatorConfig config) throws IOException {
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    if (address.isUnresolved()) {
      throw new BindException("unknown host");
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(address);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static void shutdown(Vertx vertx, Emulator emulator, EmbeddedDatabase embedded) {
    try {
      emulator.stop().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      if (embedded != null) {
        embedded.close();
      }
    } catch (Exception e) {
      LOG.warn("unclean shutdown", e);
    } finally {
      Logging.flush();
    }
  }
}
