package io.logferry.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a group or stream template before the core expands it: placeholders are {@code {file}}, {@code {dir}},
 * {@code {path}}, {@code {hostname}} and {@code {env:NAME}}; everything else is literal text.
 */
final class TemplateSyntax {

  static final Set<String> PLACEHOLDERS = Set.of("file", "dir", "path", "hostname");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final List<String> literals = new ArrayList<>();
  private final List<String> envNames = new ArrayList<>();

  private TemplateSyntax() {}

  /**
   * @throws IllegalArgumentException with a message saying what is wrong (without the option name)
   */
  static TemplateSyntax parse(String template) {
    TemplateSyntax result = new TemplateSyntax();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '}') throw new IllegalArgumentException("'}' at position " + i + " closes no placeholder");
      if (c != '{') {
        literal.append(c);
        i++;
        continue;
      }
      int close = template.indexOf('}', i);
      if (close < 0) throw new IllegalArgumentException("'{' at position " + i + " is never closed");
      String name = template.substring(i + 1, close);
      if (name.startsWith("env:")) {
        String env = name.substring(4);
        if (!ENV_NAME.matcher(env).matches()) {
          throw new IllegalArgumentException("{" + name + "} does not name an environment variable");
        }
        result.envNames.add(env);
      } else if (!PLACEHOLDERS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown placeholder {" + name + "} (known: {file}, {dir}, {path}, {hostname}, {env:NAME})");
      }
      result.literals.add(literal.toString());
      literal.setLength(0);
      i = close + 1;
    }
    result.literals.add(literal.toString());
    return result;
  }

  /** The literal text between placeholders. */
  String literalText() {
    return String.join("", literals);
  }

  List<String> envNames() {
    return envNames;
  }
}
