package io.logferry.sink.cloudwatch;

import io.logferry.ConfigException;
import io.logferry.ExporterEvents;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.BatchLimits;
import io.logferry.sink.DeadLetterFile;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import io.logferry.time.Ticker;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder;

/**
 * The CloudWatch Logs sink: glue only (Vector's {@code sink.rs}). Each batch becomes one {@code PutLogEvents}
 * ({@link CloudWatchRequestBuilder}), sent with bounded concurrency and retries ({@link CloudWatchService}, classified
 * by {@link CloudWatchRetryClassifier}), with missing groups and streams created on demand
 * ({@link LogStreamProvisioner}); events CloudWatch rejects or would reject go to the {@link DeadLetterFile}.
 */
public final class CloudWatchSink implements LogSink {

  /** Connecting should be quick even when a request may take long; the request timeout caps it too. */
  static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final CloudWatchLogsClient client;
  private final CloudWatchService service;
  private final CloudWatchHealthcheck healthcheck;
  private final DeadLetterFile deadLetters;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CloudWatchSink(
      CloudWatchLogsClient client,
      CloudWatchService service,
      CloudWatchHealthcheck healthcheck,
      DeadLetterFile deadLetters) {
    this.client = client;
    this.service = service;
    this.healthcheck = healthcheck;
    this.deadLetters = deadLetters;
  }

  /**
   * A sink talking to AWS (or {@code config.endpoint()}) with the default credentials chain (environment, system
   * properties, profile, web identity/IRSA, container/Pod Identity, instance profile), TLS verified against the JDK's
   * trust store.
   *
   * @throws ConfigException when the configuration is unusable or the dead-letter file cannot be opened
   */
  public static LogSink create(CloudWatchSinkConfig config, ExporterEvents events) {
    return create(config, events, null);
  }

  /**
   * As {@link #create(CloudWatchSinkConfig, ExporterEvents)}, but TLS trusts {@code trustManagers} instead of the JDK
   * trust store: for a local endpoint with a self-signed certificate. Certificates are still verified; pass
   * {@code null} for the JDK defaults.
   */
  /**
   * {@code HttpURLConnection} (under url-connection-client) by default re-sends a POST once, silently, when the
   * connection drops before an answer. That retry is invisible to the retry classifier, so an accepted batch could be
   * sent twice without being counted; logferry owns every retry, so it is switched off unless the user set it.
   */
  static void disableSilentPostRetry() {
    if (System.getProperty("sun.net.http.retryPost") == null) System.setProperty("sun.net.http.retryPost", "false");
  }

  public static LogSink create(CloudWatchSinkConfig config, ExporterEvents events, TrustManager[] trustManagers) {
    return create(config, events, trustManagers, null);
  }

  /**
   * As {@link #create(CloudWatchSinkConfig, ExporterEvents, TrustManager[])}, with the credentials from
   * {@code credentials} (e.g. an assumed role) instead of the default chain; {@code null} for the default chain.
   */
  public static LogSink create(
      CloudWatchSinkConfig config,
      ExporterEvents events,
      TrustManager[] trustManagers,
      AwsCredentialsProvider credentials) {
    validate(config);
    disableSilentPostRetry();
    Duration connect =
        config.requestTimeout().compareTo(MAX_CONNECT_TIMEOUT) < 0 ? config.requestTimeout() : MAX_CONNECT_TIMEOUT;
    UrlConnectionHttpClient.Builder http =
        UrlConnectionHttpClient.builder().connectionTimeout(connect).socketTimeout(config.requestTimeout());
    if (trustManagers != null) {
      TrustManager[] copy = trustManagers.clone();
      http.tlsTrustManagersProvider(() -> copy);
    }
    CloudWatchLogsClientBuilder builder =
        CloudWatchLogsClient.builder()
            .region(Region.of(config.region()))
            .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
            .httpClient(http.build())
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    // The service owns retries, so that every attempt is counted and the deadline is exact.
                    .retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallAttemptTimeout(config.requestTimeout())
                    .build());
    if (config.endpoint() != null) builder.endpointOverride(config.endpoint());
    CloudWatchLogsClient client = builder.build();
    try {
      return create(config, events, client, Ticker.system(), new SecureRandom());
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Wires a sink around a given client: for tests (fakes, moto) and for callers that build the client themselves. */
  static LogSink create(
      CloudWatchSinkConfig config,
      ExporterEvents events,
      CloudWatchLogsClient client,
      Ticker ticker,
      Random random) {
    return create(
        config,
        events,
        client,
        ticker,
        random,
        CloudWatchRetryClassifier.DEFAULT_BASE_DELAY,
        CloudWatchRetryClassifier.DEFAULT_MAX_DELAY);
  }

  /** As above, with the backoff's base and cap given. */
  static LogSink create(
      CloudWatchSinkConfig config,
      ExporterEvents events,
      CloudWatchLogsClient client,
      Ticker ticker,
      Random random,
      Duration baseDelay,
      Duration maxDelay) {
    validate(config);
    Objects.requireNonNull(events, "events");
    DeadLetterFile deadLetters;
    try {
      deadLetters =
          config.deadLetterFile() == null ? DeadLetterFile.discarding() : DeadLetterFile.open(config.deadLetterFile());
    } catch (IOException e) {
      throw new ConfigException("deadLetterFile: cannot open " + config.deadLetterFile() + ": " + e.getMessage(), e);
    }
    CloudWatchRetryClassifier classifier = new CloudWatchRetryClassifier(random, baseDelay, maxDelay);
    LogStreamProvisioner provisioner =
        new LogStreamProvisioner(
            client, config.createGroup(), config.createStream(), config.retentionDays(), config.groups());
    CloudWatchService service =
        new CloudWatchService(
            client,
            new CloudWatchRequestBuilder(),
            provisioner,
            classifier,
            deadLetters,
            events,
            ticker,
            config.maxConcurrency(),
            config.maxRetryDuration(),
            config.requestTimeout());
    return new CloudWatchSink(client, service, new CloudWatchHealthcheck(client, classifier), deadLetters);
  }

  private static void validate(CloudWatchSinkConfig config) {
    Objects.requireNonNull(config, "config");
    if (config.region() == null || config.region().isBlank()) throw new ConfigException("region: required");
    if (config.maxConcurrency() <= 0) throw new ConfigException("maxConcurrency: must be positive");
    if (config.maxRetryDuration() == null || config.maxRetryDuration().isNegative()) {
      throw new ConfigException("maxRetryDuration: must be zero or positive");
    }
    if (config.requestTimeout() == null || config.requestTimeout().isNegative() || config.requestTimeout().isZero()) {
      throw new ConfigException("requestTimeout: must be positive");
    }
    if (config.retentionDays() != null && config.retentionDays() <= 0) {
      throw new ConfigException("retentionDays: must be positive (one of CloudWatch's retention values)");
    }
  }

  @Override
  public BatchLimits limits() {
    return CloudWatchLimits.batchLimits();
  }

  @Override
  public CompletableFuture<ExportResult> export(Batch batch) {
    return service.export(batch);
  }

  @Override
  public String healthcheck() {
    if (closed.get()) return "sink closed";
    return healthcheck.check();
  }

  @Override
  public void abortRetries() {
    service.abortRetries();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    try {
      service.close();
    } finally {
      try {
        deadLetters.close();
      } catch (IOException e) {
        // Every DELIVERED batch already synced its dead letters; nothing acknowledged is lost here.
      } finally {
        client.close();
      }
    }
  }
}
