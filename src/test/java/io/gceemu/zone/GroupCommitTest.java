package io.gceemu.zone;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.gceemu.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
      statement.execute("DROP TRIGGER IF EXISTS poison ON compute_instances");
      statement.execute("DROP FUNCTION IF EXISTS poison()");
    }
  }

  private static boolean stored(Connection db, String project, String name) throws SQLException {
    try (PreparedStatement query = db.prepareStatement("SELECT status FROM compute_instances WHERE project = ? AND zone = ? AND name = ?")) {
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
        "SELECT count(*), count(DISTINCT a.address) FROM compute_instances i JOIN internal_addresses a ON a.instance_id = i.id "
          + "WHERE i.project = ? AND i.status = 'TERMINATED'")) {
      query.setString(1, project);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        assertEquals(200, rows.getInt(1));
        assertEquals(200, rows.getInt(2), "every instance has an address of its own");
      }
    }
  }

  @Test
  void aFailedWriteFailsItsCallersAndLeavesNoTraceInTheZone() throws Exception {
    try (Connection db = TestDatabase.jdbc(); Statement statement = db.createStatement()) {
      statement.execute("CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN "
        + "IF NEW.name = 'poison' THEN RAISE EXCEPTION 'poisoned write'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
      statement.execute("CREATE TRIGGER poison BEFORE INSERT ON compute_instances FOR EACH ROW EXECUTE FUNCTION poison()");
    }
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String instances = Http.zonePath(project, ZONE) + "/instances";
    List<String> names = IntStream.range(0, 60).mapToObj(i -> i == 30 ? "poison" : "p-" + i).toList();
    List<Future<Http.Response>> inserts = names.stream().map(name -> clients.submit(() -> http.post(instances, Bodies.instance(name, ZONE)))).toList();

    int failed = 0;
    try (Connection db = TestDatabase.jdbc()) {
      for (int i = 0; i < names.size(); i++) {
        Http.Response response = inserts.get(i).get();
        boolean visible = http.get(instances + "/" + names.get(i)).status() == 200;
        if (response.status() == 200) {
          assertTrue(visible && stored(db, project, names.get(i)), names.get(i) + " was acknowledged, so it is stored and served");
        } else {
          failed++;
          assertEquals(503, response.status(), response.body());
          assertEquals("backendError", response.reason());
          assertTrue(!visible && !stored(db, project, names.get(i)), names.get(i) + " failed, so it is neither stored nor served");
        }
      }
    }
    assertEquals(503, inserts.get(30).get().status(), "the poisoned insert fails");
    assertTrue(failed >= 1);
    assertEquals(200, http.post(instances, Bodies.instance("after", ZONE)).status(), "the zone carries on");
  }
}
