package io.logferry.config;

/** A setting is missing or wrong. The message names the setting and says what is expected; it holds no secret. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
