package io.gceemu.list;

import io.gceemu.gce.GceError;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses the two list-filter dialects of GCE, which cannot be mixed in one filter:
 * <ul>
 *   <li>AIP-160 comparisons {@code field op value} with {@code = != > < >= <= :}, {@code :*} for
 *       presence, {@code NOT}/{@code -}, explicit {@code AND}/{@code OR} and parenthesised terms,
 *       which are ANDed when written side by side;</li>
 *   <li>regular expressions {@code field eq|ne literal} that must match the whole field.</li>
 * </ul>
 * Anything else is a 400 naming the filter, never silently ignored.
 */
public final class FilterParser {

  private final String text;
  private final List<String> tokens;
  private int position;
  private boolean usedRegex;
  private boolean usedComparison;

  private FilterParser(String text) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  public static Filter parse(String filter) {
    if (filter == null || filter.isBlank()) {
      return Filter.ALL;
    }
    FilterParser parser = new FilterParser(filter);
    Filter result = parser.conjunction();
    if (parser.position != parser.tokens.size() || (parser.usedRegex && parser.usedComparison)) {
      throw parser.invalid();
    }
    return result;
  }

  private Filter conjunction() {
    List<Filter> terms = new ArrayList<>();
    terms.add(disjunction());
    while (position < tokens.size() && !peek().equals(")")) {
      if (peek().equals("AND")) {
        position++;
      }
      terms.add(disjunction());
    }
    return resource -> terms.stream().allMatch(term -> term.test(resource));
  }

  /** In AIP-160, OR binds tighter than AND. */
  private Filter disjunction() {
    List<Filter> terms = new ArrayList<>();
    terms.add(unary());
    while (position < tokens.size() && peek().equals("OR")) {
      position++;
      terms.add(unary());
    }
    return resource -> terms.stream().anyMatch(term -> term.test(resource));
  }

  private Filter unary() {
    String token = next();
    if (token.equals("NOT") || token.equals("-")) {
      Filter inner = unary();
      return resource -> !inner.test(resource);
    }
    if (token.equals("(")) {
      Filter inner = conjunction();
      expect(")");
      return inner;
    }
    return comparison(token);
  }

  private Filter comparison(String field) {
    if (!field.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_\\-]+)*")) {
      throw invalid();
    }
    String operator = next();
    String literal = unquote(next());
    switch (operator) {
      case "eq", "ne" -> {
        usedRegex = true;
        Pattern pattern = regex(literal);
        boolean wanted = operator.equals("eq");
        return resource -> Filter.anyMatch(Filter.valueAt(resource, field), v -> pattern.matcher(v).matches()) == wanted;
      }
      case "=" -> {
        usedComparison = true;
        return resource -> Filter.anyMatch(Filter.valueAt(resource, field), literal::equals);
      }
      case "!=" -> {
        usedComparison = true;
        return resource -> !Filter.anyMatch(Filter.valueAt(resource, field), literal::equals);
      }
      case ":" -> {
        usedComparison = true;
        if (literal.equals("*")) {
          return resource -> Filter.valueAt(resource, field) != null;
        }
        return resource -> Filter.anyMatch(Filter.valueAt(resource, field), v -> v.contains(literal));
      }
      case ">", "<", ">=", "<=" -> {
        usedComparison = true;
        return resource -> Filter.anyMatch(Filter.valueAt(resource, field), v -> ordered(operator, compare(v, literal)));
      }
      default -> throw invalid();
    }
  }

  private static boolean ordered(String operator, int comparison) {
    return switch (operator) {
      case ">" -> comparison > 0;
      case "<" -> comparison < 0;
      case ">=" -> comparison >= 0;
      default -> comparison <= 0;
    };
  }

  private static int compare(String value, String literal) {
    try {
      return Double.compare(Double.parseDouble(value), Double.parseDouble(literal));
    } catch (NumberFormatException e) {
      return value.compareTo(literal);
    }
  }

  private Pattern regex(String literal) {
    try {
      return Pattern.compile(literal);
    } catch (PatternSyntaxException e) {
      throw invalid();
    }
  }

  private String peek() {
    return tokens.get(position);
  }

  private String next() {
    if (position >= tokens.size()) {
      throw invalid();
    }
    return tokens.get(position++);
  }

  private void expect(String token) {
    if (!next().equals(token)) {
      throw invalid();
    }
  }

  private static String unquote(String token) {
    if (token.length() >= 2 && (token.startsWith("\"") && token.endsWith("\"") || token.startsWith("'") && token.endsWith("'"))) {
      return token.substring(1, token.length() - 1);
    }
    return token;
  }

  private GceError invalid() {
    return GceError.invalidValue("filter", text, "Invalid list filter expression.");
  }

  private List<String> tokenize(String input) {
    List<String> result = new ArrayList<>();
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        result.add(String.valueOf(c));
        i++;
      } else if (c == '"' || c == '\'') {
        int end = input.indexOf(c, i + 1);
        if (end < 0) {
          throw invalid();
        }
        result.add(input.substring(i, end + 1));
        i = end + 1;
      } else if ("=!<>:".indexOf(c) >= 0) {
        int end = i + 1;
        if (end < input.length() && input.charAt(end) == '=') {
          end++;
        }
        String operator = input.substring(i, end);
        if (operator.equals("!")) {
          throw invalid();
        }
        result.add(operator);
        i = end;
      } else if (c == '-' && result.isEmpty() || c == '-' && List.of("(", "AND", "OR").contains(result.get(result.size() - 1))) {
        result.add("-");
        i++;
      } else {
        int end = i;
        while (end < input.length() && !Character.isWhitespace(input.charAt(end)) && "()=!<>:".indexOf(input.charAt(end)) < 0) {
          end++;
        }
        result.add(input.substring(i, end));
        i = end;
      }
    }
    return result;
  }
}
