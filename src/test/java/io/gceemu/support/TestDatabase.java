package io.gceemu.support;

import io.gceemu.store.DatabaseUrl;
import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The one Postgres of the whole test run: an embedded one started once per JVM (in a fresh
 * folder, with the same durable settings as the product), or the external server named by
 * {@code GCE_EMU_TEST_DB_URL}.
 */
public final class TestDatabase {

  private static PgConnectOptions options;
  private static EmbeddedPostgres embedded;

  private TestDatabase() {
  }

  public static synchronized PgConnectOptions options() {
    if (options == null) {
      String url = System.getenv("GCE_EMU_TEST_DB_URL");
      options = url != null && !url.isBlank() ? DatabaseUrl.parse(url) : startEmbedded();
    }
    return options;
  }

  /** A plain JDBC connection to the test database, for tests that look at what was committed. */
  public static Connection jdbc() throws SQLException {
    PgConnectOptions db = options();
    Properties properties = new Properties();
    properties.setProperty("user", db.getUser());
    if (db.getPassword() != null) {
      properties.setProperty("password", db.getPassword());
    }
    return DriverManager.getConnection("jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase(), properties);
  }

  /** The test database as a {@code --db-url}, for emulators in processes of their own. */
  public static String url() {
    PgConnectOptions db = options();
    String password = db.getPassword() == null ? "" : ":" + db.getPassword();
    return "postgresql://" + db.getUser() + password + "@" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
  }

  /** Empties every table, so a test class starts from nothing. Only for the embedded database. */
  public static synchronized void truncate() {
    options();
    if (embedded == null) {
      return;
    }
    try (Connection conn = embedded.getPostgresDatabase().getConnection(); Statement statement = conn.createStatement()) {
      statement.execute("DO $$ BEGIN IF to_regclass('compute_operations') IS NOT NULL THEN "
        + "TRUNCATE compute_operations, internal_addresses, projects CASCADE; END IF; "
        + "IF to_regclass('global_operations') IS NOT NULL THEN TRUNCATE global_operations; END IF; END $$");
    } catch (SQLException e) {
      throw new IllegalStateException("could not empty the test database", e);
    }
  }

  private static PgConnectOptions startEmbedded() {
    try {
      embedded = EmbeddedPostgres.builder()
        .setDataDirectory(Files.createTempDirectory("gce-emu-test-pg"))
        .setCleanDataDirectory(true)
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("fsync", "on")
        .start();
      return DatabaseUrl.embedded(embedded.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
