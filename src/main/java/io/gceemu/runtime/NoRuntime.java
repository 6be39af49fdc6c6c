package io.gceemu.runtime;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/** The default: VMs are API objects only, and their console is the emulated one. */
public final class NoRuntime implements VmRuntime {

  @Override
  public String name() {
    return "none";
  }

  @Override
  public void boot(Vm vm) {
  }

  @Override
  public void halt(long id) {
  }

  @Override
  public void suspend(long id) {
  }

  @Override
  public void resume(long id) {
  }

  @Override
  public void remove(long id) {
  }

  @Override
  public void update(Vm vm) {
  }

  @Override
  public void diskDeleted(long diskId) {
  }

  @Override
  public void imageMade(long id, JsonObject document) {
  }

  @Override
  public Future<Optional<Buffer>> console(long id) {
    return Future.succeededFuture(Optional.empty());
  }

  @Override
  public Optional<String> instanceAt(String network, String ip) {
    return Optional.empty();
  }

  @Override
  public void serveMetadataFrom(int port) {
  }

  @Override
  public void close() {
  }
}
