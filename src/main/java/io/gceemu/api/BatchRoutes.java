package io.gceemu.api;

import io.gceemu.gce.ApiVersion;
import io.gceemu.gce.GceError;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gcloud's batch endpoint, {@code POST /batch/compute/v1} (and {@code /beta}): a {@code multipart/mixed} body whose
 * parts are whole HTTP requests. Each is replayed, in order, through this emulator's own router,
 * so it gets exactly the answer it would get alone; the reply is {@code multipart/mixed} again,
 * one {@code application/http} part per request, its {@code Content-ID} {@code <response-ID>}.
 */
final class BatchRoutes {

  private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
  private static final int MAX_PARTS = 1000;

  private final HttpClient client;
  private final String host;
  private final IntSupplier port;

  /** @param port the router's own port, known once the server listens */
  BatchRoutes(HttpClient client, String host, IntSupplier port) {
    this.client = client;
    this.host = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    this.port = port;
  }

  void mount(Router router) {
    // gcloud posts to batch/compute/<its API version>, whatever path its endpoint override has.
    for (ApiVersion version : ApiVersion.values()) {
      router.post("/batch/compute/" + version.path()).handler(this::batch);
    }
    router.post("/batch").handler(this::batch);
  }

  private record Part(String contentId, String method, String uri, MultiMap headers, Buffer body) {
  }

  private record Answer(String contentId, int status, String statusMessage, String contentType, Buffer body) {
  }

  private void batch(RoutingContext ctx) {
    List<Part> parts;
    try {
      parts = parse(ctx.request().getHeader("content-type"), RequestBody.of(ctx));
    } catch (GceError e) {
      GceErrors.send(ctx, e);
      return;
    }
    String authorization = ctx.request().getHeader("Authorization");
    Future<List<Answer>> answers = Future.succeededFuture(new ArrayList<>());
    for (Part part : parts) {
      // The batch was let in with its credentials; a part without its own carries the batch's.
      if (authorization != null && !part.headers().contains("Authorization")) {
        part.headers().set("Authorization", authorization);
      }
      answers = answers.compose(done -> replay(part).map(answer -> {
        done.add(answer);
        return done;
      }));
    }
    answers.onComplete(done -> {
      if (done.failed()) {
        GceErrors.send(ctx, GceError.backendError("The batch could not be completed; retry later."));
        return;
      }
      String boundary = "batch_" + UUID.randomUUID().toString().replace("-", "");
      ctx.response().putHeader("content-type", "multipart/mixed; boundary=" + boundary).end(render(boundary, done.result()));
    });
  }

  private Future<Answer> replay(Part part) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(part.method())).setHost(host)
      .setPort(port.getAsInt()).setURI(part.uri()).setHeaders(part.headers());
    return client.request(options)
      .compose(request -> request.send(part.body()))
      .compose(response -> response.body().map(body -> answer(part, response, body)));
  }

  private static Answer answer(Part part, HttpClientResponse response, Buffer body) {
    String type = response.getHeader("content-type");
    return new Answer(part.contentId(), response.statusCode(), response.statusMessage(), type == null ? "application/json; charset=UTF-8" : type, body);
  }

  private static Buffer render(String boundary, List<Answer> answers) {
    Buffer out = Buffer.buffer();
    for (Answer answer : answers) {
      out.appendString("--" + boundary + "\r\n")
        .appendString("Content-Type: application/http\r\n")
        .appendString("Content-ID: <response-" + answer.contentId() + ">\r\n\r\n")
        .appendString("HTTP/1.1 " + answer.status() + " " + answer.statusMessage() + "\r\n")
        .appendString("Content-Type: " + answer.contentType() + "\r\n")
        .appendString("Content-Length: " + answer.body().length() + "\r\n\r\n")
        .appendBuffer(answer.body())
        .appendString("\r\n");
    }
    return out.appendString("--" + boundary + "--\r\n");
  }

  /** Splits the multipart body into the requests it carries. */
  static List<Part> parse(String contentType, Buffer body) {
    Matcher matcher = contentType == null ? null : BOUNDARY.matcher(contentType);
    if (matcher == null || !contentType.toLowerCase().startsWith("multipart/mixed") || !matcher.find()) {
      throw invalid("A batch request must be multipart/mixed with a boundary.");
    }
    String boundary = "--" + (matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
    String text = body == null ? "" : body.toString(StandardCharsets.UTF_8);
    List<Part> parts = new ArrayList<>();
    int index = 0;
    for (String chunk : text.split(Pattern.quote(boundary), -1)) {
      if (index++ == 0 || chunk.startsWith("--")) {
        continue;
      }
      if (parts.size() == MAX_PARTS) {
        throw invalid("A batch request may hold at most " + MAX_PARTS + " requests.");
      }
      parts.add(part(chunk));
    }
    if (parts.isEmpty()) {
      throw invalid("The batch request holds no requests.");
    }
    return parts;
  }

  /** One part: its MIME headers, a blank line, then the inner request line, headers, blank line, body. */
  private static Part part(String chunk) {
    String[] outer = splitHead(chunk.replaceFirst("^\r?\n", ""));
    String contentId = null;
    for (String line : outer[0].split("\r?\n")) {
      if (line.toLowerCase().startsWith("content-id:")) {
        contentId = line.substring(line.indexOf(':') + 1).trim().replaceAll("^<|>$", "");
      }
    }
    String[] inner = splitHead(outer[1]);
    String[] lines = inner[0].split("\r?\n");
    String[] requestLine = lines[0].trim().split(" ");
    if (requestLine.length < 2 || !requestLine[0].matches("[A-Z]+") || !requestLine[1].startsWith("/")) {
      throw invalid("Each part of a batch must hold an HTTP request line such as 'GET /compute/v1/... HTTP/1.1'.");
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && !lines[i].substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
      }
    }
    String payload = inner[1].replaceFirst("\r?\n$", "");
    return new Part(contentId == null ? UUID.randomUUID().toString() : contentId, requestLine[0], requestLine[1], headers,
      Buffer.buffer(payload, "UTF-8"));
  }

  private static String[] splitHead(String text) {
    Matcher blank = Pattern.compile("\r?\n\r?\n").matcher(text);
    return blank.find() ? new String[] {text.substring(0, blank.start()), text.substring(blank.end())} : new String[] {text, ""};
  }

  private static GceError invalid(String message) {
    return new GceError(400, "badRequest", message);
  }
}
