package io.gceemu.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;

import java.util.concurrent.TimeUnit;

/**
 * The stack's ceiling: a bare Vert.x server (one per core, like the emulator's routers) that
 * answers a fixed, pre-serialized instance body, and a list page made of 100 such bodies.
 */
final class BareServer implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final int port;

  BareServer(String instanceJson) throws Exception {
    Buffer one = Buffer.buffer(instanceJson);
    StringBuilder page = new StringBuilder("{\"kind\":\"compute#instanceList\",\"items\":[");
    for (int i = 0; i < 100; i++) {
      page.append(i == 0 ? "" : ",").append(instanceJson);
    }
    Buffer list = Buffer.buffer(page.append("]}").toString());
    // One server per core on a shared free port (a negative port), as the emulator runs its routers.
    int cores = Runtime.getRuntime().availableProcessors();
    HttpServer first = null;
    for (int i = 0; i < cores; i++) {
      HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response()
        .putHeader("content-type", "application/json; charset=UTF-8")
        .end(request.path().endsWith("/list") ? list : one));
      server.listen(-1, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      first = first == null ? server : first;
    }
    port = first.actualPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
