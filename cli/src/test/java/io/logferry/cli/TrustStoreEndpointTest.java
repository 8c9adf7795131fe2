package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import io.logferry.endpoint.TlsMaterial;
import io.logferry.events.ExporterEvents;
import io.logferry.sink.LogSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --trust-store} against the local endpoint's self-signed TLS: refused without it, trusted with it. */
class TrustStoreEndpointTest {

  @TempDir Path tmp;
  LocalCloudWatchLogs cw;
  TlsMaterial tls;

  @BeforeEach
  void start() throws Exception {
    cw = LocalCloudWatchLogs.start(Options.defaults().withTls(true));
    tls = cw.tls().orElseThrow();
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
  }

  @AfterEach
  void stop() {
    cw.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  String healthOfSinkWith(String... trustOptions) throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    TestCli.TestCommand command = new TestCli.TestCommand();
    CommandLine cl = new CommandLine(command);
    LogferryCommandLine.configure(cl, EnvironmentDefaults.of(Map.of(), k -> Optional.empty()));
    List<String> args =
        new ArrayList<>(List.of("--group", "g", "--checkpoint-dir", tmp.resolve("cp").toString(),
            "--endpoint", cw.endpoint().toString(), "--request-timeout", "5s", logs + "/*.log"));
    args.addAll(List.of(trustOptions));
    cl.parseArgs(args.toArray(String[]::new));
    command.exporter.toConfig(command.runOnce);
    try (LogSink sink = command.exporter.openSink(ExporterEvents.NOOP, new PrintStream(new ByteArrayOutputStream()))) {
      return sink.healthcheck();
    }
  }

  @Test
  void selfSignedEndpointIsRefusedWithoutATrustStore() throws Exception {
    assertThat(cw.endpoint().getScheme()).isEqualTo("https");
    assertThat(healthOfSinkWith()).isNotNull();
  }

  @Test
  void pemTrustStoreIsTrusted() throws Exception {
    assertThat(healthOfSinkWith("--trust-store", tls.certificatePem().toString())).isNull();
  }

  @Test
  void pkcs12TrustStoreWithItsPasswordIsTrusted() throws Exception {
    assertThat(healthOfSinkWith("--trust-store", tls.truststore().toString(), "--trust-store-password", tls.truststorePassword()))
        .isNull();
  }
}
