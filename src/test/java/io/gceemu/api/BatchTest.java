package io.gceemu.api;

import io.gceemu.support.Bodies;
import io.gceemu.support.EmulatorExtension;
import io.gceemu.support.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gcloud's batch endpoint, with requests built as gcloud (apitools) builds them. */
class BatchTest {

  private static final String ZONE = "us-central1-f";
  private static final String BOUNDARY = "===============7330845974216740156==";

  @RegisterExtension
  static final EmulatorExtension EMULATOR = new EmulatorExtension();

  private Http http;
  private String project;

  @BeforeEach
  void setUp() {
    http = EMULATOR.http();
    project = Http.newProject();
  }

  private static String part(String id, String requestLine, String body, String newline) {
    String inner = requestLine + newline + "Content-Type: application/json" + newline + "MIME-Version: 1.0" + newline
      + "content-length: " + body.length() + newline + "user-agent: google-cloud-sdk gcloud/409.0.0" + newline + newline + body;
    return "--" + BOUNDARY + newline + "Content-Type: application/http" + newline + "MIME-Version: 1.0" + newline
      + "Content-Transfer-Encoding: binary" + newline + "Content-ID: <" + id + ">" + newline + newline + inner + newline;
  }

  private record Answer(String contentId, int status, JsonObject body) {
  }

  private List<Answer> send(String body) {
    Http.Response response = http.send(HttpRequest.newBuilder(http.uri("/batch/compute/v1"))
      .header("Content-Type", "multipart/mixed; boundary=\"" + BOUNDARY + "\"").POST(HttpRequest.BodyPublishers.ofString(body)));
    assertEquals(200, response.status(), response.body());
    Matcher boundary = Pattern.compile("boundary=(\\S+)").matcher(response.contentType());
    assertTrue(boundary.find(), response.contentType());
    assertTrue(response.contentType().startsWith("multipart/mixed"));
    List<Answer> answers = new ArrayList<>();
    for (String chunk : response.body().split(Pattern.quote("--" + boundary.group(1)))) {
      if (chunk.isBlank() || chunk.startsWith("--")) {
        continue;
      }
      assertTrue(chunk.contains("Content-Type: application/http"), chunk);
      Matcher id = Pattern.compile("Content-ID: <([^>]+)>").matcher(chunk);
      Matcher status = Pattern.compile("HTTP/1.1 (\\d{3}) ").matcher(chunk);
      assertTrue(id.find() && status.find(), chunk);
      String json = chunk.substring(chunk.indexOf('{'), chunk.lastIndexOf('}') + 1);
      answers.add(new Answer(id.group(1), Integer.parseInt(status.group(1)), new JsonObject(json)));
    }
    return answers;
  }

  @Test
  void innerRequestsAreAnsweredInOrderWithMatchingContentIds() {
    String zonePath = Http.zonePath(project, ZONE);
    String body = part("b29c5de2+0", "GET /compute/v1/projects/" + project + "?alt=json HTTP/1.1", "", "\r\n")
      + part("b29c5de2+1", "POST " + zonePath + "/instances?alt=json HTTP/1.1", Bodies.instance("batched", ZONE).encode(), "\r\n")
      + part("b29c5de2+2", "GET " + zonePath + "/instances/batched?alt=json HTTP/1.1", "", "\r\n")
      + part("b29c5de2+3", "GET " + zonePath + "/instances/missing?alt=json HTTP/1.1", "", "\r\n")
      + "--" + BOUNDARY + "--\r\n";
    List<Answer> answers = send(body);
    assertEquals(4, answers.size());
    assertEquals(List.of("response-b29c5de2+0", "response-b29c5de2+1", "response-b29c5de2+2", "response-b29c5de2+3"),
      answers.stream().map(Answer::contentId).toList());
    assertEquals("compute#project", answers.get(0).body().getString("kind"));
    assertEquals("insert", answers.get(1).body().getString("operationType"));
    assertEquals("RUNNING", answers.get(2).body().getString("status"), "the insert ran before the get");
    assertEquals(404, answers.get(3).status());
    assertEquals("notFound", answers.get(3).body().getJsonObject("error").getJsonArray("errors").getJsonObject(0).getString("reason"));
  }

  @Test
  void bareNewlinesAndWaitWorkToo() {
    JsonObject insert = http.post(Http.zonePath(project, ZONE) + "/instances", Bodies.instance("waited", ZONE)).json();
    String wait = "POST " + Http.zonePath(project, ZONE) + "/operations/" + insert.getString("name") + "/wait?alt=json HTTP/1.1";
    List<Answer> answers = send(part("x+1", wait, "", "\n") + "--" + BOUNDARY + "--\n");
    assertEquals(1, answers.size());
    assertEquals("DONE", answers.get(0).body().getString("status"));
  }

  @Test
  void aBatchThatIsNotMultipartIsRejected() {
    Http.Response response = http.post("/batch/compute/v1", "{}");
    assertEquals(400, response.status());
    assertEquals("badRequest", response.reason());
    Http.Response garbage = http.send(HttpRequest.newBuilder(http.uri("/batch/compute/v1"))
      .header("Content-Type", "multipart/mixed; boundary=xyz").POST(HttpRequest.BodyPublishers.ofString("--xyz\r\n\r\nnot http\r\n--xyz--")));
    assertEquals(400, garbage.status());
  }
}
