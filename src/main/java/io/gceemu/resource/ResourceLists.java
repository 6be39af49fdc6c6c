package io.gceemu.resource;

import io.gceemu.list.ListRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** A declared collection's {@code list} answer, the same from every scope's owner. */
public final class ResourceLists {

  private ResourceLists() {
  }

  /**
   * @param body   a resource's JSON bytes, as its owner keeps them ready or renders them
   * @param render its JSON, for the filter
   * @param self   the list's path, {@code projects/p/zones/z/disks}
   */
  public static Buffer page(ResourceType type, JsonObject options, List<Resource> all, Function<Resource, Buffer> body,
                            Function<Resource, JsonObject> render, String self, String selfLink) {
    return ListRequest.from(options).page(all, body, render, Resource::name, Comparator.comparing(Resource::created))
      .toBuffer(type.listKind(), self, selfLink);
  }

  /**
   * A scope's answer to {@code list}: a page; asked for a {@code window} (an aggregated list pages
   * across the scopes itself), the count of the matches and the first of them; asked for
   * {@code all}, every match.
   */
  public static Object answer(ResourceType type, JsonObject request, List<Resource> all, Function<Resource, Buffer> body,
                              Function<Resource, JsonObject> render, String self, String selfLink) {
    if (request.containsKey("window")) {
      return ListRequest.from(request.getJsonObject("list")).window(all, request.getInteger("window"), body, render, Resource::name,
        Comparator.comparing(Resource::created)).toBuffer();
    }
    if (request.getBoolean("all", false)) {
      return new JsonObject().put("items", new JsonArray(ListRequest.from(request.getJsonObject("list")).matching(all, render,
        Resource::name, Comparator.comparing(Resource::created))));
    }
    return page(type, request.getJsonObject("list"), all, body, render, self, selfLink);
  }
}
