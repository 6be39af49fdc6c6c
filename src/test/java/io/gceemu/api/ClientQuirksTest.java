package io.gceemu.api;

import io.gceemu.support.Bodies;
import io.gceemu.support.Http;
import io.gceemu.support.EmulatorExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the official clients really send (client-traffic.md), accepted as GCE accepts it. */
class ClientQuirksTest {

  private static final String ZONE = "us-west1-a";
  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();
  private static Http http;
  private String instances;

  @BeforeAll
  static void start() {
    http = EMULATOR.http();
  }

  @BeforeEach
  void createInstance() {
    instances = Http.zonePath(Http.newProject(), ZONE) + "/instances";
    http.post(instances, Bodies.instance("vm", ZONE));
  }

  @Test
  void emptyAndQuotedEmptyBodiesAreNoBody() {
    assertEquals(200, http.send(HttpRequest.newBuilder(http.uri(instances + "/vm/stop"))
      .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.noBody())).status());
    assertEquals(200, http.post(instances + "/vm/start", "\"\"").status());
  }

  @Test
  void gzipChunkedBodiesAreDecoded() throws IOException {
    byte[] json = gzip(Bodies.instance("zipped", ZONE).encode());
    try (Socket socket = new Socket("127.0.0.1", EMULATOR.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + instances + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json; charset=UTF-8\r\n"
        + "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write((Integer.toHexString(json.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(json);
      out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 200"), response);
    }
    assertEquals("RUNNING", http.get(instances + "/zipped").json().getString("status"));
    byte[] empty = gzip("");
    assertEquals(20, empty.length);
    assertEquals(200, http.send(HttpRequest.newBuilder(http.uri(instances + "/zipped/stop")).header("Content-Encoding", "gzip")
      .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofByteArray(empty))).status());
  }

  @Test
  void aTrailingQuestionMarkAndContentTypeOnGetAreFine() {
    Http.Response response = http.send(HttpRequest.newBuilder(http.uri(instances + "/vm?")).header("content-type", "application/json").GET());
    assertEquals(200, response.status());
    assertEquals("vm", response.json().getString("name"));
  }

  @Test
  void methodOverrideHeaderIsHonoured() {
    Http.Response response = http.send(HttpRequest.newBuilder(http.uri(instances + "/vm")).header("X-HTTP-Method-Override", "GET")
      .POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, response.status(), response.body());
    assertEquals("vm", response.json().getString("name"));
    Http.Response delete = http.send(HttpRequest.newBuilder(http.uri(instances + "/vm")).header("X-HTTP-Method-Override", "DELETE")
      .POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals("delete", delete.json().getString("operationType"));
  }

  @Test
  void aLongGetSentAsAFormPostIsServed() {
    Http.Response response = http.send(HttpRequest.newBuilder(http.uri(instances))
      .header("X-HTTP-Method-Override", "GET").header("Content-Type", "application/x-www-form-urlencoded")
      .POST(HttpRequest.BodyPublishers.ofString("filter=name+%3D+nobody&maxResults=1")));
    assertEquals(200, response.status(), response.body());
    assertEquals("compute#instanceList", response.json().getString("kind"));
    assertEquals(false, response.json().containsKey("items"), "the filter in the body applied");
  }

  @Test
  void unknownQueryParametersAreIgnored() {
    JsonObject vm = http.get(instances + "/vm?alt=json&prettyPrint=false&key=abc&$.xgafv=2").json();
    assertEquals("vm", vm.getString("name"));
  }

  /** gcloud is Python: it writes {@code True}; the Java and Go clients write {@code true}. */
  @Test
  void booleansInTheQueryComeInEitherCase() {
    String project = instances.split("/")[4];
    for (String value : new String[] {"true", "True", "false", "False"}) {
      Http.Response list = http.get("/compute/v1/projects/" + project + "/aggregated/instances?includeAllScopes=" + value
        + "&maxResults=500&returnPartialSuccess=" + value);
      assertEquals(200, list.status(), list.body());
      assertEquals("vm", list.json().getJsonObject("items").getJsonObject("zones/" + ZONE).getJsonArray("instances")
        .getJsonObject(0).getString("name"));
    }
    assertEquals(200, http.post(instances + "/vm/setDeletionProtection?deletionProtection=True", "").status());
    assertEquals(true, http.get(instances + "/vm").json().getBoolean("deletionProtection"));
    assertEquals(200, http.post(instances + "/vm/setDeletionProtection?deletionProtection=False", "").status());
    assertEquals(false, http.get(instances + "/vm").json().getBoolean("deletionProtection"));
  }

  @Test
  void errorsAreJsonWithTheirLength() {
    Http.Response response = http.get(instances + "/nope");
    assertEquals("application/json; charset=UTF-8", response.contentType());
    assertEquals(404, response.status());
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(bytes)) {
      zip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
