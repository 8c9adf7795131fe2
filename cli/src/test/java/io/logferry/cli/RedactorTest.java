package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

  // The documented example credentials from the AWS docs, never real ones.
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";

  @Test
  void redactsAssignedSecretsInEveryCommonSpelling() {
    assertThat(Redactor.redact("aws_secret_access_key = abc123")).isEqualTo("aws_secret_access_key = <redacted>");
    assertThat(Redactor.redact("AWS_SESSION_TOKEN=tok123; next")).isEqualTo("AWS_SESSION_TOKEN=<redacted>; next");
    assertThat(Redactor.redact("{\"secretAccessKey\":\"abc\"}")).isEqualTo("{\"secretAccessKey\":\"<redacted>\"}");
    assertThat(Redactor.redact("GET /?X-Amz-Security-Token=FQoG&X-Amz-Signature=abcdef"))
        .isEqualTo("GET /?X-Amz-Security-Token=<redacted>&X-Amz-Signature=<redacted>");
  }

  @Test
  void redactsBareKeysAndTokens() {
    assertThat(Redactor.redact("key " + KEY_ID + " secret " + SECRET + " end"))
        .isEqualTo("key <redacted> secret <redacted> end")
        .doesNotContain(SECRET)
        .doesNotContain(KEY_ID);
    String token = "IQoJb3JpZ2luX2VjE" + "A".repeat(120) + "/x+y=";
    assertThat(Redactor.redact("token: " + token)).isEqualTo("token: <redacted>");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    String text = "cannot read /var/log/app/access.log: permission denied (commit 3f786850e387550fdab836ed7e6dc881de23001b)";
    assertThat(Redactor.redact(text)).isEqualTo(text);
    assertThat(Redactor.redact(null)).isNull();
  }
}
