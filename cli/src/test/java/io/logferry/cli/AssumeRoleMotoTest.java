package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.testing.AwsTestCredentials;
import io.logferry.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** {@code --role-arn}: the default chain's credentials are exchanged for the role's through STS (moto's). */
@ExtendWith(AwsTestCredentials.class)
class AssumeRoleMotoTest {

  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @TempDir Path tmp;

  @Test
  void aRoleArnSignsWithTheAssumedRolesSessionCredentials() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "shipped under the role\n");
    String[] args = {
      "--include", logs + "/*.log", "--group", "/apps/role", "--checkpoint-dir", tmp.resolve("cp").toString(),
      "--endpoint", MOTO.endpoint().toString(), "--role-arn", "arn:aws:iam::123456789012:role/logferry-shipper",
      "--role-session-name", "logferry-test", "--sts-endpoint", MOTO.endpoint().toString()
    };

    TestCli.TestCommand command = new TestCli.TestCommand();
    CommandLine cl = new CommandLine(command);
    LogferryCommandLine.configure(cl, EnvironmentDefaults.of(Map.of(), k -> Optional.empty()));
    cl.parseArgs(args);
    command.exporter.toConfig(command.runOnce);
    AwsCredentialsProvider provider = Credentials.provider(command.exporter.sources());
    AwsCredentials credentials = provider.resolveCredentials();
    assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
    assertThat(credentials.accessKeyId()).isNotEqualTo(AwsTestCredentials.ACCESS_KEY_ID);

    TestCli.Run r = TestCli.runOnce(Map.of(), args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    try (var client = MOTO.client()) {
      assertThat(client.getLogEvents(b -> b.logGroupName("/apps/role").logStreamName(
              client.describeLogStreams(d -> d.logGroupName("/apps/role")).logStreams().get(0).logStreamName())
          .startFromHead(true)).events()).extracting(e -> e.message()).containsExactly("shipped under the role");
    }
  }
}
