package io.logferry.cli;

/**
 * Where a value came from, for messages: {@code flag --group}, {@code argument}, {@code variable LOGFERRY_GROUP},
 * {@code property logferry.group}, {@code /etc/logferry/config.yaml:12}, {@code default}.
 */
public record Origin(Kind kind, String detail) {

  public enum Kind {
    FLAG,
    ARGUMENT,
    VARIABLE,
    PROPERTY,
    FILE,
    DEFAULT
  }

  static final Origin DEFAULT = new Origin(Kind.DEFAULT, "");
  static final Origin ARGUMENT = new Origin(Kind.ARGUMENT, "");

  static Origin flag(String flag) {
    return new Origin(Kind.FLAG, flag);
  }

  static Origin variable(String name) {
    return new Origin(Kind.VARIABLE, name);
  }

  static Origin property(String key) {
    return new Origin(Kind.PROPERTY, key);
  }

  static Origin file(String fileAndLine) {
    return new Origin(Kind.FILE, fileAndLine);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case FLAG -> "flag " + detail;
      case ARGUMENT -> "argument";
      case VARIABLE -> "variable " + detail;
      case PROPERTY -> "property " + detail;
      case FILE -> detail;
      case DEFAULT -> "default";
    };
  }
}
