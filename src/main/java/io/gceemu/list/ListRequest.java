package io.gceemu.list;

import io.gceemu.gce.GceError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The paging, ordering and filtering parameters shared by every GCE list method:
 * {@code maxResults} (0..500, default 500), an opaque {@code pageToken}, {@code orderBy}
 * ({@code name} or {@code creationTimestamp desc}, the only two GCE supports) and {@code filter}.
 */
public record ListRequest(Filter filter, String orderBy, int maxResults, int offset) {

  public static final int MAX_RESULTS = 500;
  private static final String TOKEN_PREFIX = "gce-emu-offset:";

  public static ListRequest from(JsonObject options) {
    JsonObject params = options == null ? new JsonObject() : options;
    String orderBy = params.getString("orderBy");
    if (orderBy != null && !orderBy.isBlank()) {
      String normalized = orderBy.trim().replaceAll("\\s+", " ");
      if (!normalized.equals("name") && !normalized.equals("name asc") && !normalized.equals("creationTimestamp desc")) {
        throw GceError.invalidValue("orderBy", orderBy, "Currently, only sorting by name or creationTimestamp desc is supported.");
      }
      orderBy = normalized;
    }
    Number max = params.getNumber("maxResults");
    int maxResults = max == null || max.longValue() == 0 ? MAX_RESULTS : (int) Math.max(1, Math.min(MAX_RESULTS, max.longValue()));
    return new ListRequest(FilterParser.parse(params.getString("filter")), orderBy, maxResults, decodeToken(params.getString("pageToken")));
  }

  /**
   * Filters, orders and cuts one page from {@code resources}.
   *
   * @param createdAt how to read a resource's creation time for {@code creationTimestamp desc}
   * @return the page's items and, when more follow, {@code nextPageToken}
   */
  public <T> Page page(List<T> resources, Function<T, Buffer> body, Function<T, JsonObject> render, Function<T, String> name,
                       Comparator<T> createdAt) {
    if (filter == Filter.ALL) {
      // Without a filter only the page itself is needed, as the bodies the caller keeps ready.
      return Page.of(resources.stream().sorted(order(name, createdAt)).toList(), offset, maxResults, body);
    }
    return Page.of(matching(resources, render, name, createdAt), offset, maxResults, JsonObject::toBuffer);
  }

  /**
   * A scope's part of an aggregated list, which pages across the scopes itself: how many
   * resources pass the filter, and the first {@code size} of them in order, as bytes (without a
   * filter only those are rendered, or taken from the bodies the caller keeps ready).
   */
  public <T> Window window(List<T> resources, int size, Function<T, Buffer> body, Function<T, JsonObject> render,
                           Function<T, String> name, Comparator<T> createdAt) {
    if (filter == Filter.ALL) {
      List<T> sorted = resources.stream().sorted(order(name, createdAt)).toList();
      return new Window(sorted.size(), sorted.subList(0, Math.min(size, sorted.size())).stream().map(body).toList());
    }
    List<JsonObject> matches = matching(resources, render, name, createdAt);
    return new Window(matches.size(), matches.subList(0, Math.min(size, matches.size())).stream().map(JsonObject::toBuffer).toList());
  }

  /** Every resource that passes the filter, rendered and in the requested order; no paging. */
  public <T> List<JsonObject> matching(List<T> resources, Function<T, JsonObject> render, Function<T, String> name,
                                       Comparator<T> createdAt) {
    return resources.stream().sorted(order(name, createdAt)).map(render).filter(filter).toList();
  }

  private <T> Comparator<T> order(Function<T, String> name, Comparator<T> createdAt) {
    return "creationTimestamp desc".equals(orderBy) ? createdAt.reversed() : Comparator.comparing(name);
  }

  /** A scope's matches for an aggregated list: how many, and the first of them, each as its JSON bytes. */
  public record Window(int total, List<Buffer> first) {

    /** {@code {"total": n, "items": [...]}}, joined from the items' bytes. */
    public Buffer toBuffer() {
      Buffer out = Buffer.buffer(64 + first.stream().mapToInt(item -> item.length() + 1).sum())
        .appendString("{\"total\":").appendString(Integer.toString(total)).appendString(",\"items\":[");
      for (int i = 0; i < first.size(); i++) {
        out.appendString(i == 0 ? "" : ",").appendBuffer(first.get(i));
      }
      return out.appendString("]}");
    }
  }

  /** One page of a list, each item as its JSON bytes, and the token of the next page, if any. */
  public record Page(List<Buffer> items, String nextPageToken) {

    static <T> Page of(List<T> all, int offset, int size, Function<T, Buffer> body) {
      int end = (int) Math.min(all.size(), (long) offset + size);
      List<Buffer> items = offset >= all.size() ? List.of() : all.subList(offset, end).stream().map(body).toList();
      return new Page(items, end < all.size() ? encodeToken(end) : null);
    }

    /**
     * The list as GCE writes it, by joining the items' bytes: {@code kind}, {@code id}, then
     * {@code items} (left out when empty, as GCE does), {@code nextPageToken} and {@code selfLink}.
     */
    public Buffer toBuffer(String kind, String id, String selfLink) {
      int size = 256 + items.stream().mapToInt(item -> item.length() + 1).sum();
      Buffer out = Buffer.buffer(size).appendString("{\"kind\":").appendString(Json.encode(kind))
        .appendString(",\"id\":").appendString(Json.encode(id));
      if (!items.isEmpty()) {
        out.appendString(",\"items\":[");
        for (int i = 0; i < items.size(); i++) {
          out.appendString(i == 0 ? "" : ",").appendBuffer(items.get(i));
        }
        out.appendString("]");
      }
      if (nextPageToken != null) {
        out.appendString(",\"nextPageToken\":").appendString(Json.encode(nextPageToken));
      }
      return out.appendString(",\"selfLink\":").appendString(Json.encode(selfLink)).appendString("}");
    }
  }

  static String encodeToken(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((TOKEN_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int decodeToken(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (decoded.startsWith(TOKEN_PREFIX)) {
        int offset = Integer.parseInt(decoded.substring(TOKEN_PREFIX.length()));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the GCE error below; NumberFormatException is an IllegalArgumentException
    }
    throw GceError.invalidValue("pageToken", token, "Invalid page token.");
  }
}
