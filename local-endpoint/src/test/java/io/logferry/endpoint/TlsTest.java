package io.logferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/** HTTPS with the generated certificate: trusted through the exposed material, refused without it. */
class TlsTest {

  @Test
  void sdkClientTrustingTheExposedMaterialTalksHttps() throws Exception {
    Path dir;
    try (LocalCloudWatchLogs endpoint = LocalCloudWatchLogs.start(Options.defaults().withTls(true))) {
      TlsMaterial tls = endpoint.tls().orElseThrow();
      dir = tls.truststore().getParent();
      assertThat(endpoint.endpoint().getScheme()).isEqualTo("https");

      try (CloudWatchLogsClient client = Sdk.client(endpoint, tls.trustManagers())) {
        client.createLogGroup(b -> b.logGroupName("g"));
        client.createLogStream(b -> b.logGroupName("g").logStreamName("s"));
        client.putLogEvents(b -> b.logGroupName("g").logStreamName("s").logEvents(
            InputLogEvent.builder().timestamp(System.currentTimeMillis()).message("over tls").build()));
      }
      assertThat(endpoint.events("g", "s")).extracting(RecordedEvent::message).containsExactly("over tls");

      try (CloudWatchLogsClient untrusting = Sdk.client(endpoint)) {
        assertThatThrownBy(untrusting::describeLogGroups).isInstanceOf(SdkClientException.class);
      }

      // Another process gets a truststore path (and the PEM) instead of objects.
      KeyStore trust = KeyStore.getInstance(TlsMaterial.TRUSTSTORE_TYPE);
      try (InputStream in = Files.newInputStream(tls.truststore())) {
        trust.load(in, tls.truststorePassword().toCharArray());
      }
      assertThat(trust.size()).isEqualTo(1);
      assertThat(Files.readString(tls.certificatePem())).startsWith("-----BEGIN CERTIFICATE-----\n")
          .endsWith("-----END CERTIFICATE-----\n");
      assertThat(new Http(endpoint.endpoint(), tls.clientSslContext()).get("/_logferry/stats").statusCode())
          .isEqualTo(200);
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void plainEndpointHasNoTlsMaterial() throws Exception {
    try (LocalCloudWatchLogs endpoint = LocalCloudWatchLogs.start(Options.defaults())) {
      assertThat(endpoint.tls()).isEmpty();
      assertThat(endpoint.endpoint().getScheme()).isEqualTo("http");
    }
  }
}
