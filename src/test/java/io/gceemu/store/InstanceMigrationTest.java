package io.gceemu.store;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.RunningEmulator;
import io.gceemu.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database written before instances moved into {@code compute_resources} (V13) keeps every
 * instance: a store at V12 with an instance in its own table, as the emulator stored them then,
 * serves it unchanged after the migration, and its address stays taken.
 */
class InstanceMigrationTest {

  private static final String DATABASE = "before_v13";
  private static final String ZONE = "us-central1-a";

  @Test
  void anInstanceStoredBeforeV13IsServedAsItWasAfterIt() throws Exception {
    PgConnectOptions shared = TestDatabase.options();
    try (Connection admin = TestDatabase.jdbc(); Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
      statement.execute("CREATE DATABASE " + DATABASE);
    }
    PgConnectOptions old = new PgConnectOptions(shared).setDatabase(DATABASE);
    try (Connection db = connect(old); Statement statement = db.createStatement()) {
      statement.execute("CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
      for (String migration : migrationsBefore("V13__")) {
        statement.execute(resource("db/" + migration));
        statement.execute("INSERT INTO schema_migrations (name) VALUES ('" + migration + "')");
      }
      statement.execute("INSERT INTO projects (name, id) VALUES ('migrated', 123456789012)");
      statement.execute("INSERT INTO internal_addresses (project, region, network, address, instance_id, nic)"
        + " VALUES ('migrated', 'us-central1', 'projects/migrated/global/networks/default', 176160770, 4242, 0)");
      statement.execute("INSERT INTO compute_instances (id, project, zone, name, description, machine_type, status,"
        + " creation_timestamp, last_start_timestamp, metadata, labels, tags, network_interfaces, disks, attributes,"
        + " console, console_discarded, generation) VALUES (4242, 'migrated', '" + ZONE + "', 'old-vm', 'from before',"
        + " 'e2-small', 'RUNNING', '2026-11-30 10:00:00.123+00', '2026-11-30 10:00:05.5+00',"
        + " '[{\"key\": \"role\", \"value\": \"web\"}]', '{\"env\": \"prod\"}', '[\"http-server\"]',"
        + " '[{\"name\": \"nic0\", \"network\": \"projects/migrated/global/networks/default\","
        + " \"subnetwork\": \"projects/migrated/regions/us-central1/subnetworks/default\", \"networkIP\": \"10.128.0.2\"}]',"
        + " '[]', '{\"canIpForward\": false}', 'booted\n', 0, 3)");
    }
    try (RunningEmulator emulator = RunningEmulator.startOn(old, new JsonObject())) {
      Http http = new Http(emulator.baseUrl());
      String instances = Http.zonePath("migrated", ZONE) + "/instances";
      JsonObject vm = http.get(instances + "/old-vm").json();
      assertEquals("4242", vm.getString("id"));
      assertEquals("RUNNING", vm.getString("status"));
      assertEquals("from before", vm.getString("description"));
      assertEquals("2026-11-30T02:00:00.123-08:00", vm.getString("creationTimestamp"));
      assertEquals("2026-11-30T02:00:05.500-08:00", vm.getString("lastStartTimestamp"));
      assertEquals(new JsonObject().put("env", "prod"), vm.getJsonObject("labels"));
      assertEquals("web", vm.getJsonObject("metadata").getJsonArray("items").getJsonObject(0).getString("value"));
      assertEquals("http-server", vm.getJsonObject("tags").getJsonArray("items").getString(0));
      assertEquals("10.128.0.2", vm.getJsonArray("networkInterfaces").getJsonObject(0).getString("networkIP"));
      assertEquals("https://www.googleapis.com/compute/v1/projects/migrated/zones/" + ZONE + "/machineTypes/e2-small",
        vm.getString("machineType"));

      assertEquals(200, http.post(instances + "/old-vm/stop", "").status());
      assertEquals("TERMINATED", http.get(instances + "/old-vm").json().getString("status"));
      assertEquals(200, http.post(instances, Bodies.instance("new-vm", ZONE)).status());
      assertNotEquals("10.128.0.2", http.get(instances + "/new-vm").json().getJsonArray("networkInterfaces").getJsonObject(0)
        .getString("networkIP"), "the migrated instance's address stays its own");

      // A project from before networks gets GCE's default network (V14); its addresses are its subnetwork's.
      assertEquals("10.128.0.3", http.get(instances + "/new-vm").json().getJsonArray("networkInterfaces").getJsonObject(0)
        .getString("networkIP"), "taken after the migrated one, in the same subnetwork");
      JsonObject network = http.get("/compute/v1/projects/migrated/global/networks/default").json();
      assertTrue(network.getBoolean("autoCreateSubnetworks"), network.encode());
      assertEquals(4, http.get("/compute/v1/projects/migrated/global/firewalls").json().getJsonArray("items").size());
    }
  }

  private static List<String> migrationsBefore(String first) throws IOException {
    List<String> all = Arrays.stream(resource("db/migrations.txt").split("\n")).map(String::trim)
      .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    return all.subList(0, all.indexOf(all.stream().filter(name -> name.startsWith(first)).findFirst().orElseThrow()));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = InstanceMigrationTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Connection connect(PgConnectOptions db) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", db.getUser());
    if (db.getPassword() != null) {
      properties.setProperty("password", db.getPassword());
    }
    return DriverManager.getConnection("jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase(), properties);
  }
}
