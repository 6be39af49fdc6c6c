package io.gceemu.store;

import io.vertx.pgclient.PgConnectOptions;

/** Connection settings for Postgres, from a {@code postgresql://user:pass@host:port/db} URL. */
public final class DatabaseUrl {

  private DatabaseUrl() {
  }

  public static PgConnectOptions parse(String url) {
    String uri = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    return durable(PgConnectOptions.fromUri(uri));
  }

  public static PgConnectOptions embedded(int port) {
    return durable(new PgConnectOptions().setHost("localhost").setPort(port).setUser("postgres").setDatabase("postgres"));
  }

  /**
   * A mutation is acknowledged only after its commit is on disk, whatever the server's default:
   * every session asks for {@code synchronous_commit=on}. A transaction is sent whole, so a session
   * that sits idle inside one belongs to a node that froze mid-send (paused, cut off); Postgres
   * ends it after a few seconds, so that its locks (a zone's lease row, a subnet's addresses) do not
   * keep the zone's next owner waiting.
   */
  private static PgConnectOptions durable(PgConnectOptions options) {
    return options.addProperty("synchronous_commit", "on").addProperty("client_min_messages", "warning")
      .addProperty("idle_in_transaction_session_timeout", "5000")
      .addProperty("application_name", "gce-emulator");
  }
}
