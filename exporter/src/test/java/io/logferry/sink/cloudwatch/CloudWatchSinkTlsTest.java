package io.logferry.sink.cloudwatch;

import static io.logferry.testing.SinkBatches.batch;
import static io.logferry.testing.SinkBatches.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.logferry.events.ExporterEvents;
import io.logferry.events.StreamKey;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS towards a local endpoint with a self-signed certificate (made with the JDK's keytool): rejected with the JDK's
 * trust store (verification stays on), accepted with the extra trust material passed to the factory.
 */
class CloudWatchSinkTlsTest {

  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final StreamKey KEY = new StreamKey("g", "s");

  @TempDir static Path dir;
  private static HttpsServer server;
  private static KeyStore trustStore;
  private static final AtomicInteger puts = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    Path keyStoreFile = dir.resolve("local.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "local", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStoreFile.toString(),
                "-storepass", "changeit", "-keypass", "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();

    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStoreFile)) {
      keyStore.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, PASSWORD);
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);

    trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("local", keyStore.getCertificate("local"));

    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          if (String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")).endsWith("PutLogEvents")) {
            puts.incrementAndGet();
          }
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @BeforeEach
  void resetCount() {
    puts.set(0);
  }

  private static CloudWatchSinkConfig config() {
    URI endpoint = URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    return new CloudWatchSinkConfig("eu-west-1", endpoint, false, false, null, 1, Duration.ZERO, Duration.ofSeconds(5), null);
  }

  @Test
  void selfSignedEndpointIsRejectedByDefault() {
    try (LogSink sink = CloudWatchSink.create(config(), ExporterEvents.NOOP)) {
      ExportResult result = sink.export(batch(KEY, List.of(event(System.currentTimeMillis(), "x")))).join();
      assertThat(result.isDelivered()).isFalse();
      // An untrusted certificate is not an outage to wait out (issue 13): it fails at once, saying why.
      assertThat(result.failure()).startsWith("TLS failure: ").contains("--trust-store");
      assertThat(result.retries()).isZero();
      assertThat(sink.healthcheck()).startsWith("refused: TLS failure");
      assertThat(puts).hasValue(0);
    }
  }

  @Test
  void selfSignedEndpointIsTrustedWithItsTrustMaterial() throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustStore);
    TrustManager[] trust = tmf.getTrustManagers();
    try (LogSink sink = CloudWatchSink.create(config(), ExporterEvents.NOOP, trust)) {
      ExportResult result = sink.export(batch(KEY, List.of(event(System.currentTimeMillis(), "x")))).join();
      assertThat(result).isEqualTo(ExportResult.delivered(1, 0, 0, 0));
      assertThat(sink.healthcheck()).isNull();
      assertThat(puts).hasValue(1);
    }
  }
}
