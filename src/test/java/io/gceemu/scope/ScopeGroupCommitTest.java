package io.gceemu.scope;

import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.gceemu.support.TestDatabase;
import io.vertx.core.json.JsonObject;
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

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The global owner group-commits as a zone does: changes that arrive while a write is in flight
 * go together in the next transaction, each in a savepoint of its own, so one that Postgres
 * refuses (a taken name, a poisoned row) fails alone and the rest of the batch commits. A slow
 * insert holds the owner's write in flight while the others arrive.
 */
class ScopeGroupCommitTest {

  private static final String ZONE = "us-west1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();

  private final ExecutorService clients = Executors.newFixedThreadPool(24);

  @AfterEach
  void cleanUp() throws SQLException {
    clients.shutdownNow();
    try (Connection db = TestDatabase.jdbc(); Statement statement = db.createStatement()) {
      statement.execute("DROP TRIGGER IF EXISTS slow_or_poisoned_snapshot ON compute_resources");
      statement.execute("DROP FUNCTION IF EXISTS slow_or_poisoned_snapshot()");
    }
  }

  @Test
  void aChangeRefusedInTheMiddleOfABatchFailsAloneAndTheOthersCommit() throws Exception {
    Http http = EMULATOR.http();
    String project = Http.newProject();
    String snapshots = "/compute/v1/projects/" + project + "/global/snapshots";
    assertEquals(200, http.post(Http.zonePath(project, ZONE) + "/disks", new JsonObject().put("name", "src")).status());
    try (Connection db = TestDatabase.jdbc(); Statement statement = db.createStatement()) {
      statement.execute("CREATE FUNCTION slow_or_poisoned_snapshot() RETURNS trigger AS $$ BEGIN "
        + "IF NEW.collection <> 'snapshots' THEN RETURN NEW; END IF; "
        + "IF NEW.name = 'slow' THEN PERFORM pg_sleep(0.5); END IF; "
        + "IF NEW.name = 'poison' THEN RAISE EXCEPTION 'poisoned write'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
      statement.execute("CREATE TRIGGER slow_or_poisoned_snapshot BEFORE INSERT ON compute_resources FOR EACH ROW "
        + "EXECUTE FUNCTION slow_or_poisoned_snapshot()");
    }
    JsonObject source = new JsonObject().put("sourceDisk", "zones/" + ZONE + "/disks/src");
    Future<Http.Response> slow = clients.submit(() -> http.post(snapshots, source.copy().put("name", "slow")));
    Thread.sleep(150);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      names.add(i == 7 ? "poison" : i == 12 ? "s-3" : "s-" + i);
    }
    List<Future<Http.Response>> inserts = names.stream()
      .map(name -> clients.submit(() -> http.post(snapshots, source.copy().put("name", name)))).toList();

    assertEquals(200, slow.get().status(), slow.get().body());
    int taken = 0;
    for (int i = 0; i < names.size(); i++) {
      Http.Response response = inserts.get(i).get();
      if (names.get(i).equals("poison")) {
        assertEquals(503, response.status(), response.body());
        assertEquals("backendError", response.reason());
      } else if (response.status() == 409) {
        assertEquals("s-3", names.get(i), response.body());
        assertEquals("The resource 'projects/" + project + "/global/snapshots/s-3' already exists", response.message());
        taken++;
      } else {
        assertEquals(200, response.status(), names.get(i) + ": " + response.body());
      }
    }
    assertEquals(1, taken, "one of the two inserts of s-3 finds its name taken");
    try (Connection db = TestDatabase.jdbc(); PreparedStatement query = db.prepareStatement(
        "SELECT count(*) FROM compute_resources WHERE project = ? AND collection = 'snapshots'")) {
      query.setString(1, project);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        assertEquals(1 + 18, rows.getInt(1), "slow and every snapshot but the poisoned one and the second s-3 are stored");
      }
    }
    assertEquals(404, http.get(snapshots + "/poison").status());
  }
}
