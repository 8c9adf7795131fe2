package io.logferry.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * A moto server ({@code python3 -m moto.server}) for the duration of a test class, as a JUnit extension:
 *
 * <pre>{@code
 * @RegisterExtension static final MotoServer MOTO = new MotoServer();
 * ... MOTO.endpoint() ...
 * }</pre>
 *
 * <p>It binds a free port on 127.0.0.1, waits until {@code /moto-api/} answers, and stops the process after the class.
 * When moto cannot start (no python3, moto not installed, no answer in time) the class is <em>skipped</em> with the
 * reason, unless {@code LOGFERRY_REQUIRE_MOTO=1} (or {@code -Dlogferry.requireMoto=1}) is set, where it fails: CI must
 * not silently skip conformance. The server's output goes to a temporary log file, named in every failure message.
 */
public final class MotoServer implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  public static final String REGION = "us-east-1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 3;

  private Process process;
  private URI endpoint;
  private Path log;
  private String unavailable;

  /** The server's base URI, e.g. {@code http://127.0.0.1:40123}. */
  public URI endpoint() {
    if (endpoint == null) throw new IllegalStateException("moto is not running");
    return endpoint;
  }

  /** A client for reading back what a sink wrote (static dummy credentials; moto accepts any). */
  public CloudWatchLogsClient client() {
    return CloudWatchLogsClient.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.builder().build())
        .build();
  }

  /** Forgets every resource moto holds ({@code POST /moto-api/reset}). */
  public void reset() throws IOException {
    HttpURLConnection c = (HttpURLConnection) endpoint().resolve("/moto-api/reset").toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.getOutputStream().close();
    int status = c.getResponseCode();
    c.disconnect();
    if (status != 200) throw new IOException("moto reset answered HTTP " + status);
  }

  static boolean required() {
    return "1".equals(System.getenv("LOGFERRY_REQUIRE_MOTO"))
        || "true".equalsIgnoreCase(System.getenv("LOGFERRY_REQUIRE_MOTO"))
        || "1".equals(System.getProperty("logferry.requireMoto"))
        || "true".equalsIgnoreCase(System.getProperty("logferry.requireMoto"));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String reason = null;
    try {
      log = Files.createTempFile("logferry-moto-", ".log");
      for (int attempt = 1; attempt <= START_ATTEMPTS && endpoint == null; attempt++) {
        reason = tryStart();
      }
    } catch (IOException e) {
      reason = "cannot run python3 -m moto.server: " + e.getMessage();
    }
    if (endpoint != null) return;
    String message = "moto server unavailable (" + reason + "; log: " + log + ")";
    if (required()) throw new IllegalStateException(message + " and LOGFERRY_REQUIRE_MOTO=1");
    // Skipped per test rather than per class: Surefire then counts and shows each skip with its reason.
    unavailable = message + "; set LOGFERRY_REQUIRE_MOTO=1 to fail instead of skipping";
    System.err.println("[MotoServer] skipping " + context.getDisplayName() + ": " + unavailable);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (unavailable != null) throw new TestAbortedException(unavailable);
  }

  /** Starts moto on a fresh port; returns {@code null} on success, else why not. */
  private String tryStart() throws IOException, InterruptedException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    // The port may be taken between the probe and moto's bind; the caller then retries with another one.
    ProcessBuilder builder =
        new ProcessBuilder(List.of("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port)))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process started = builder.start();
    URI base = URI.create("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) return "moto exited with status " + started.exitValue();
      if (answers(base)) {
        process = started;
        endpoint = base;
        return null;
      }
      Thread.sleep(100);
    }
    stop(started);
    return "moto did not answer within " + START_TIMEOUT.toSeconds() + " s";
  }

  private static boolean answers(URI base) {
    try {
      HttpURLConnection c = (HttpURLConnection) base.resolve("/moto-api/").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      int status = c.getResponseCode();
      c.disconnect();
      return status == 200;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) stop(process);
    process = null;
    endpoint = null;
    unavailable = null;
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
