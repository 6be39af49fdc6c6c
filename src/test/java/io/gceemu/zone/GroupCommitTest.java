package io.gceemu.zone;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.gceemu.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The zone's group commit: many concurrent mutations of one zone are written together, each
 * caller is answered only once its change is in Postgres, and a failed write fails exactly the
 * callers in it while the zone's state goes back to what Postgres holds.
 */
class GroupCommitTest {

  private static final String ZONE = "europe-west1-b";

  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();

  private final ExecutorService clients = Executors.newFixedThreadPool(32);

  @AfterEach
  void cleanUp() throws SQLException {
    clients.shutdownNow();
    try (Connection db = TestDatabase.jdbc(); Statement statement = db.createStatement()) {
      statement.execute("DROP TRIGGER IF EXISTS poison ON compute_resources");
      statement.execute("DROP TRIGGER IF EXISTS poison ON internal_addresses");
      statement.execute("DROP FUNCTION IF EXISTS poison()");
    }
  }

  private static boolean stored(Connection db, String project, String name) throws SQLException {
    try (PreparedStatement query = db.prepareStatement("SELECT document ->> 'status' FROM compute_resources WHERE project = ? AND scope = 'zones/' || ? AND collection = 'instances' AND name = ?")) {
      query.setString(1, project);
      query.setString(2, ZONE);
      query.setString(3, name);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  @Test
  void concurrentMutationsOfOneZoneAreAllCommittedBeforeTheirReply() throws Exception {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String instances = Http.zonePath(project, ZONE) + "/instances";
    List<Future<Boolean>> inserts = IntStream.range(0, 200).mapToObj(i -> clients.submit(() -> {
      Http.Response response = http.post(instances, Bodies.instance("g-" + i, ZONE));
      assertEquals(200, response.status(), response.body());
      try (Connection db = TestDatabase.jdbc()) {
        return stored(db, project, "g-" + i);
      }
    })).toList();
    for (Future<Boolean> insert : inserts) {
      assertTrue(insert.get(), "the instance was in Postgres when its insert was answered");
    }
    List<Future<Http.Response>> stops = IntStream.range(0, 200).mapToObj(i -> clients.submit(() -> http.post(instances + "/g-" + i + "/stop", ""))).toList();
    for (Future<Http.Response> stop : stops) {
      assertEquals(200, stop.get().status());
    }
    try (Connection db = TestDatabase.jdbc(); PreparedStatement query = db.prepareStatement(
        "SELECT count(*), count(DISTINCT a.address) FROM compute_resources i JOIN internal_addresses a ON a.instance_id = i.id "
          + "WHERE i.project = ? AND i.collection = 'instances' AND i.document ->> 'status' = 'TERMINATED'")) {
      query.setString(1, project);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        assertEquals(200, rows.getInt(1));
        assertEquals(200, rows.getInt(2), "every instance has an address of its own");
      }
    }
  }

  /**
   * A statement Postgres refuses in the middle of a batch fails its own command, with an error
   * about its own resource, and the rest of the batch commits: a refused row of one instance, a
   * taken key, and a refused statement that writes for several commands at once (the addresses of
   * one project's creates). A slow insert holds the zone's write in flight while the others
   * arrive, so that they are written together.
   */
  @Test
  void aStatementRefusedInTheMiddleOfABatchFailsOnlyItsOwnCommand() throws Exception {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String refusedAddresses = Http.newProject();
    try (Connection db = TestDatabase.jdbc(); Statement statement = db.createStatement()) {
      statement.execute("CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN "
        + "IF TG_TABLE_NAME = 'internal_addresses' THEN "
        + "  IF NEW.project = '" + refusedAddresses + "' THEN RAISE EXCEPTION 'poisoned address'; END IF; RETURN NEW; END IF; "
        + "IF NEW.collection <> 'instances' THEN RETURN NEW; END IF; "
        + "IF NEW.name = 'slow' THEN PERFORM pg_sleep(0.5); END IF; "
        + "IF NEW.name = 'poison' THEN RAISE EXCEPTION 'poisoned write'; END IF; "
        + "IF NEW.name = 'taken' THEN RAISE unique_violation USING MESSAGE = 'duplicate key'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
      statement.execute("CREATE TRIGGER poison BEFORE INSERT ON compute_resources FOR EACH ROW EXECUTE FUNCTION poison()");
      statement.execute("CREATE TRIGGER poison BEFORE INSERT ON internal_addresses FOR EACH ROW EXECUTE FUNCTION poison()");
    }
    String instances = Http.zonePath(project, ZONE) + "/instances";
    String refusedInstances = Http.zonePath(refusedAddresses, ZONE) + "/instances";
    Future<Http.Response> slow = clients.submit(() -> http.post(instances, Bodies.instance("slow", ZONE)));
    Thread.sleep(150);
    List<String> names = IntStream.range(0, 40).mapToObj(i -> i == 15 ? "poison" : i == 30 ? "taken" : "p-" + i).toList();
    List<Future<Http.Response>> inserts = new ArrayList<>();
    List<Future<Http.Response>> refusedInserts = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      inserts.add(clients.submit(() -> http.post(instances, Bodies.instance(name, ZONE))));
      if (i % 20 == 5) {
        refusedInserts.add(clients.submit(() -> http.post(refusedInstances, Bodies.instance(name, ZONE))));
      }
    }

    assertEquals(200, slow.get().status(), slow.get().body());
    try (Connection db = TestDatabase.jdbc()) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        Http.Response response = inserts.get(i).get();
        boolean visible = http.get(instances + "/" + name).status() == 200;
        if (name.equals("poison")) {
          assertEquals(503, response.status(), response.body());
          assertEquals("backendError", response.reason());
        } else if (name.equals("taken")) {
          assertEquals(409, response.status(), response.body());
          assertEquals("The resource 'projects/" + project + "/zones/" + ZONE + "/instances/taken' already exists", response.message());
        } else {
          assertEquals(200, response.status(), name + ": " + response.body());
        }
        assertEquals(response.status() == 200, visible && stored(db, project, name),
          name + " is stored and served exactly when it was acknowledged");
      }
      for (Future<Http.Response> insert : refusedInserts) {
        assertEquals(503, insert.get().status(), insert.get().body());
        assertEquals("backendError", insert.get().reason());
      }
      assertEquals(0, http.get(refusedInstances).json().getJsonArray("items", new JsonArray()).size());
    }
    assertEquals(200, http.post(instances, Bodies.instance("after", ZONE)).status(), "the zone carries on");
  }

  /**
   * One project's full range is no failure of another's: creates of both race into one zone, and
   * only the project whose range is full gets ipSpaceExhausted, naming its own subnetwork.
   */
  @Test
  void aProjectWithAFullRangeFailsOnlyItsOwnCreates() throws Exception {
    Http http = EMULATOR.http();
    String full = Http.newProject();
    String other = Http.newProject();
    String fullInstances = Http.zonePath(full, ZONE) + "/instances";
    String otherInstances = Http.zonePath(other, ZONE) + "/instances";
    assertEquals(200, http.post(fullInstances, Bodies.instance("first", ZONE)).status());
    try (Connection db = TestDatabase.jdbc(); PreparedStatement fill = db.prepareStatement(
        "INSERT INTO internal_addresses (project, region, subnetwork, address, instance_id, nic)"
          + " SELECT project, region, subnetwork, g, -1, 0 FROM internal_addresses, generate_series(address + 1, address + 4091) AS g"
          + " WHERE project = ?")) {
      fill.setString(1, full);
      assertEquals(4091, fill.executeUpdate(), "the rest of the project's 4,092 addresses in the region");
    }
    ExecutorService racers = Executors.newFixedThreadPool(64);
    try {
      List<Future<Http.Response>> fullCreates = new ArrayList<>();
      List<Future<Http.Response>> otherCreates = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String name = "race-" + i;
        fullCreates.add(racers.submit(() -> http.post(fullInstances, Bodies.instance(name, ZONE))));
        otherCreates.add(racers.submit(() -> http.post(otherInstances, Bodies.instance(name, ZONE))));
      }
      String exhausted = "IP space of 'projects/" + full + "/regions/europe-west1/subnetworks/default' is exhausted.";
      for (Future<Http.Response> create : fullCreates) {
        Http.Response response = create.get();
        assertEquals(400, response.status(), response.body());
        assertEquals("ipSpaceExhausted", response.reason());
        assertEquals(exhausted, response.message());
      }
      for (Future<Http.Response> create : otherCreates) {
        assertEquals(200, create.get().status(), create.get().body());
      }
    } finally {
      racers.shutdownNow();
    }
    try (Connection db = TestDatabase.jdbc(); PreparedStatement query = db.prepareStatement(
        "SELECT count(*) FILTER (WHERE i.project = ?), count(*) FILTER (WHERE i.project = ?), count(DISTINCT a.address) FILTER (WHERE i.project = ?)"
          + " FROM compute_resources i LEFT JOIN internal_addresses a ON a.instance_id = i.id"
          + " WHERE i.collection = 'instances' AND i.project IN (?, ?)")) {
      query.setString(1, full);
      query.setString(2, other);
      query.setString(3, other);
      query.setString(4, full);
      query.setString(5, other);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        assertEquals(1, rows.getInt(1), "none of the full project's racing creates is stored");
        assertEquals(400, rows.getInt(2), "every create of the other project is stored");
        assertEquals(400, rows.getInt(3), "each with an address of its own");
      }
    }
  }
}
