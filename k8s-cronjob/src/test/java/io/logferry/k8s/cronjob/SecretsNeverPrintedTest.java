package io.logferry.k8s.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.endpoint.Faults;
import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No credential ever reaches logferry's output: the packaged run-once is started with AWS secrets in its environment
 * and {@code --verbose} (stack traces on), on paths that print the most (a refused connection, a throttling storm
 * that exhausts retries, a bad option, a successful run with its JSON summary), and everything it printed is
 * scanned for the secret values.
 */
class SecretsNeverPrintedTest {

  @TempDir Path tmp;

  private final String secret = "s3cr3t/" + UUID.randomUUID();
  private final String token = "t0ken+" + UUID.randomUUID();

  private String run(List<String> args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add("--verbose");
    all.addAll(args);
    Map<String, String> env =
        Map.of("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY", secret, "AWS_SESSION_TOKEN", token);
    return PackagedRunOnce.run(tmp, env, all).output();
  }

  private List<String> common(Path logs, String endpoint) {
    return List.of(
        "--group=/logferry/secrets", "--region=us-east-1", "--endpoint=" + endpoint,
        "--checkpoint-dir=" + tmp.resolve("cp-" + UUID.randomUUID()), "--max-retry-duration=2s", logs + "/*.log");
  }

  @Test
  void noSecretInAnyOutputWhateverHappens() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "one\ntwo\nthree\n");
    List<String> outputs = new ArrayList<>();

    outputs.add(run(common(logs, "http://127.0.0.1:9"))); // connection refused
    try (LocalCloudWatchLogs endpoint = LocalCloudWatchLogs.start(Options.defaults())) {
      endpoint.setFaults(Faults.NONE.withThrottleRatio(1.0));
      outputs.add(run(common(logs, endpoint.endpoint().toString()))); // retries exhausted
      endpoint.setFaults(Faults.NONE);
      List<String> ok = new ArrayList<>(common(logs, endpoint.endpoint().toString()));
      ok.add("--summary-json");
      outputs.add(run(ok)); // delivered
      assertThat(endpoint.stats().acceptedEvents()).isEqualTo(3);
    }
    outputs.add(run(List.of("--group=/g", "--checkpoint-dir=" + tmp, "--max-concurrency=0", logs + "/*.log")));

    assertThat(outputs.get(0)).contains("logferry:");
    assertThat(outputs.get(1)).contains("Throttl");
    assertThat(outputs.get(2)).contains("\"eventsDelivered\":3");
    for (String out : outputs) {
      assertThat(out).doesNotContain(secret).doesNotContain(token);
    }
  }
}
