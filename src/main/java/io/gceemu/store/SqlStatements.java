package io.gceemu.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** SQL kept as resources: a file of statements, each introduced by a {@code -- name: x} line. */
final class SqlStatements {

  private final Map<String, String> statements;

  private SqlStatements(Map<String, String> statements) {
    this.statements = statements;
  }

  static SqlStatements load(String resource) {
    Map<String, String> statements = new HashMap<>();
    String name = null;
    StringBuilder sql = new StringBuilder();
    for (String line : read(resource).split("\n")) {
      if (line.startsWith("-- name:")) {
        if (name != null) {
          statements.put(name, sql.toString().trim());
        }
        name = line.substring("-- name:".length()).trim();
        sql.setLength(0);
      } else if (name != null) {
        sql.append(line).append('\n');
      }
    }
    if (name != null) {
      statements.put(name, sql.toString().trim());
    }
    return new SqlStatements(Map.copyOf(statements));
  }

  String get(String name) {
    String sql = statements.get(name);
    if (sql == null) {
      throw new IllegalArgumentException("no SQL statement named " + name);
    }
    return sql;
  }

  static String read(String resource) {
    try (InputStream in = SqlStatements.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
