package io.gceemu.api;

import io.gceemu.gce.GceError;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Reads each request's body, at most {@link HttpVerticle#MAX_BODY_BYTES} before and after
 * decompression. The discovery-based Java client gzips every body; decompressing here, rather than
 * in the HTTP codec, lets a body that is not what its {@code Content-Encoding} says get GCE's 400
 * instead of a dropped connection, and a small body that inflates beyond the limit get a 413.
 * A form-encoded body (a long GET sent as POST) is also parsed into parameters.
 */
final class RequestBody implements Handler<RoutingContext> {

  private static final String BODY = "gce.body";
  private static final String FORM = "gce.form";

  static Buffer of(RoutingContext ctx) {
    Buffer body = ctx.get(BODY);
    return body == null ? Buffer.buffer() : body;
  }

  static Map<String, List<String>> form(RoutingContext ctx) {
    Map<String, List<String>> form = ctx.get(FORM);
    return form == null ? Map.of() : form;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Buffer raw = Buffer.buffer();
    boolean[] refused = {false};
    request.handler(chunk -> {
      if (refused[0]) {
        return;
      }
      if (raw.length() + chunk.length() > HttpVerticle.MAX_BODY_BYTES) {
        refused[0] = true;
        GceErrors.send(ctx, tooLarge());
        return;
      }
      raw.appendBuffer(chunk);
    });
    request.exceptionHandler(failure -> {
      if (!refused[0]) {
        refused[0] = true;
        GceErrors.send(ctx, new GceError(400, "badRequest", "The request body could not be read."));
      }
    });
    request.endHandler(end -> {
      if (refused[0]) {
        return;
      }
      try {
        Buffer body = decoded(request.getHeader("Content-Encoding"), raw);
        ctx.put(BODY, body);
        String type = request.getHeader("Content-Type");
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded") && body.length() > 0) {
          ctx.put(FORM, new QueryStringDecoder("?" + body.toString(StandardCharsets.UTF_8), StandardCharsets.UTF_8, false).parameters());
        }
      } catch (GceError error) {
        GceErrors.send(ctx, error);
        return;
      }
      ctx.next();
    });
    request.resume();
  }

  private static Buffer decoded(String encoding, Buffer raw) {
    String name = encoding == null ? "identity" : encoding.trim().toLowerCase(Locale.ROOT);
    if (name.isEmpty() || name.equals("identity") || raw.length() == 0) {
      return raw;
    }
    try (InputStream in = switch (name) {
      case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(raw.getBytes()));
      case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(raw.getBytes()));
      default -> throw new GceError(400, "badRequest", "Unsupported Content-Encoding: the body must be plain, gzip or deflate.");
    }) {
      byte[] inflated = in.readNBytes(HttpVerticle.MAX_BODY_BYTES + 1);
      if (inflated.length > HttpVerticle.MAX_BODY_BYTES) {
        throw tooLarge();
      }
      return Buffer.buffer(inflated);
    } catch (IOException e) {
      throw new GceError(400, "badRequest", "The request body is not valid " + name + " data.");
    }
  }

  private static GceError tooLarge() {
    return new GceError(413, "badRequest", "Request payload size exceeds the limit: " + HttpVerticle.MAX_BODY_BYTES + " bytes.");
  }
}
