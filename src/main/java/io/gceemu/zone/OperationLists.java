package io.gceemu.zone;

import io.gceemu.list.ListRequest;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** How every scope's owner answers {@code operations.list}, in the order operations were inserted. */
public final class OperationLists {

  private static final Comparator<Operation> INSERTED = Comparator.comparing(Operation::insertTime);

  private OperationLists() {
  }

  /**
   * @param request  {@code list}: the list options; {@code window}: the count of the matches and
   *                 the first of them, for an aggregatedList that pages across scopes itself
   * @param self     the list's path, and {@code selfLink} its link
   * @return a page (the bytes of a {@code compute#operationList}), or {@code {"total": n, "items": [...]}} for a {@code window}
   */
  public static Object answer(JsonObject request, List<Operation> operations, Function<Operation, JsonObject> render, String self,
                              String selfLink) {
    ListRequest list = ListRequest.from(request.getJsonObject("list"));
    if (request.containsKey("window")) {
      return list.window(operations, request.getInteger("window"), operation -> render.apply(operation).toBuffer(), render,
        Operation::name, INSERTED).toBuffer();
    }
    return list.page(operations, operation -> render.apply(operation).toBuffer(), render, Operation::name, INSERTED)
      .toBuffer("compute#operationList", self, selfLink);
  }
}
