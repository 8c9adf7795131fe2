package io.logferry.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes anything that looks like a credential from text about to be printed: an exception message may quote a
 * request, a URL, a profile file or the environment. Errs on the side of redacting.
 */
public final class Redactor {

  static final String REDACTED = "<redacted>";

  /** {@code aws_secret_access_key = X}, {@code AWS_SESSION_TOKEN=X}, {@code "secretAccessKey":"X"}, {@code X-Amz-Security-Token=X}. */
  private static final Pattern ASSIGNED_SECRET =
      Pattern.compile(
          "(?i)((?:aws_)?secret_?access_?key|(?:aws_)?session_?token|x-amz-security-token|x-amz-signature|signature"
              + "|password|passwd|authorization)(\"?\\s*[=:]\\s*\"?)([^\\s,;&\"']+)");

  /** Access key ids: not secret on their own, but they identify the principal; no reason to print them. */
  private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\\b");

  /** A 40-character secret access key: base64 alphabet, bounded by non-base64 characters. */
  private static final Pattern SECRET_KEY = Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");

  /** Session tokens and other long opaque blobs. */
  private static final Pattern LONG_BLOB = Pattern.compile("[A-Za-z0-9/+=_-]{100,}");

  private Redactor() {}

  public static String redact(String text) {
    if (text == null) return null;
    String result = ASSIGNED_SECRET.matcher(text).replaceAll("$1$2" + REDACTED);
    result = LONG_BLOB.matcher(result).replaceAll(REDACTED);
    result = ACCESS_KEY_ID.matcher(result).replaceAll(REDACTED);
    Matcher m = SECRET_KEY.matcher(result);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      // A 40-character hex digest (a commit, a SHA-1) is not a key: a key mixes upper case, lower case and digits.
      String candidate = m.group();
      boolean looksLikeKey =
          candidate.chars().anyMatch(Character::isUpperCase)
              && candidate.chars().anyMatch(Character::isLowerCase)
              && candidate.chars().anyMatch(c -> Character.isDigit(c) || c == '/' || c == '+');
      m.appendReplacement(out, Matcher.quoteReplacement(looksLikeKey ? REDACTED : candidate));
    }
    m.appendTail(out);
    return out.toString();
  }
}
