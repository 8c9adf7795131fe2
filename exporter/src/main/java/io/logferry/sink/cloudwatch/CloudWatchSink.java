package io.logferry.sink.cloudwatch;

import io.logferry.config.ConfigException;
import io.logferry.events.ExporterEvents;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.BatchLimits;
import io.logferry.sink.DeadLetterFile;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import io.logferry.time.Ticker;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder;
import software.amazon.awssdk.services.cloudwatchlogs.endpoints.CloudWatchLogsEndpointParams;
import software.amazon.awssdk.services.cloudwatchlogs.endpoints.CloudWatchLogsEndpointProvider;

/**
 * The CloudWatch Logs sink: glue only (Vector's {@code sink.rs}). Each batch becomes one {@code PutLogEvents}
 * ({@link CloudWatchRequestBuilder}), written from the events into a reused buffer ({@link PutLogEventsBody}), signed
 * and sent without the SDK's model ({@link SignedPutLogEventsClient}), with bounded concurrency and retries ({@link CloudWatchService}, classified
 * by {@link CloudWatchRetryClassifier}), with missing groups and streams created on demand
 * ({@link LogStreamProvisioner}); events CloudWatch rejects or would reject go to the {@link DeadLetterFile}.
 */
public final class CloudWatchSink implements LogSink {

  /** Connecting should be quick even when a request may take long; the request timeout caps it too. */
  static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final CloudWatchLogsClient client;
  private final PutLogEventsClient puts;
  private final AutoCloseable owned;
  private final CloudWatchService service;
  private final CloudWatchHealthcheck healthcheck;
  private final DeadLetterFile deadLetters;
  private final java.util.Optional<io.logferry.sink.StreamReader> reader;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CloudWatchSink(
      CloudWatchLogsClient client,
      PutLogEventsClient puts,
      AutoCloseable owned,
      CloudWatchService service,
      CloudWatchHealthcheck healthcheck,
      DeadLetterFile deadLetters,
      java.util.Optional<io.logferry.sink.StreamReader> reader) {
    this.reader = reader;
    this.client = client;
    this.puts = puts;
    this.owned = owned;
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
    UrlConnectionHttpClient.Builder httpBuilder =
        UrlConnectionHttpClient.builder().connectionTimeout(connect).socketTimeout(config.requestTimeout());
    if (trustManagers != null) {
      TrustManager[] copy = trustManagers.clone();
      httpBuilder.tlsTrustManagersProvider(() -> copy);
    }
    Region region = Region.of(config.region());
    // One HTTP client (and so one TLS setup) and one credentials provider for every call: PutLogEvents, signed and sent
    // here from the bytes of its body, the control plane (provisioning, healthcheck) the same way, and the SDK's
    // client for anything else.
    SdkHttpClient http = httpBuilder.build();
    // The given provider (e.g. an assumed role) belongs to the caller; the default chain made here, to this sink.
    AwsCredentialsProvider defaultChain = credentials == null ? defaultCredentials() : null;
    AwsCredentialsProvider signing = credentials != null ? credentials : defaultChain;
    // The SDK's service client, only for calls other than PutLogEvents and the control plane (SignedCloudWatchLogsClient):
    // built on first use, never by a sink that only ships.
    Supplier<CloudWatchLogsClient> sdkClient =
        () -> {
          CloudWatchLogsClientBuilder builder =
              CloudWatchLogsClient.builder()
                  .region(region)
                  .credentialsProvider(signing)
                  .httpClient(http)
                  .overrideConfiguration(
                      ClientOverrideConfiguration.builder()
                          // The service owns retries, so that every attempt is counted and the deadline is exact.
                          .retryStrategy(AwsRetryStrategy.doNotRetry())
                          .apiCallAttemptTimeout(config.requestTimeout())
                          .build());
          if (config.endpoint() != null) builder.endpointOverride(config.endpoint());
          return builder.build();
        };
    CloudWatchLogsClient client = null;
    SignedPutLogEventsClient puts = null;
    AutoCloseable owned =
        () -> {
          try {
            if (defaultChain instanceof AutoCloseable c) c.close();
          } finally {
            http.close();
          }
        };
    try {
      URI endpoint = config.endpoint() != null ? config.endpoint() : endpointOf(region);
      puts = new SignedPutLogEventsClient(http, endpoint, region.id(), signing, config.requestTimeout());
      client = new SignedCloudWatchLogsClient(puts, sdkClient);
      return create(
          config,
          events,
          client,
          puts,
          owned,
          Ticker.system(),
          new SecureRandom(),
          CloudWatchRetryClassifier.DEFAULT_BASE_DELAY,
          CloudWatchRetryClassifier.DEFAULT_MAX_DELAY);
    } catch (RuntimeException e) {
      if (puts != null) puts.close();
      if (client != null) client.close();
      closeQuietly(owned);
      throw e;
    }
  }

  /**
   * The SDK's default credentials chain, or the one provider of it that will answer when that is plain to see: keys in
   * the system properties ({@code aws.accessKeyId}), then in the environment ({@code AWS_ACCESS_KEY_ID}), the chain's
   * own first two steps, in its order. Skipping the chain then resolves the same credentials without loading its
   * other providers (profile files, web identity, container and instance metadata clients), which a sidecar would
   * carry for the life of the pod. Otherwise (IRSA, Pod Identity, a profile, an instance role) the whole chain.
   */
  static AwsCredentialsProvider defaultCredentials() {
    if (present(System.getProperty("aws.accessKeyId")) && present(System.getProperty("aws.secretAccessKey"))) {
      return SystemPropertyCredentialsProvider.create();
    }
    if (present(System.getenv("AWS_ACCESS_KEY_ID")) && present(System.getenv("AWS_SECRET_ACCESS_KEY"))) {
      return EnvironmentVariableCredentialsProvider.create();
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  /** The regional endpoint, as the SDK resolves it (partition-aware: {@code amazonaws.com}, {@code .com.cn}, ...). */
  static URI endpointOf(Region region) {
    return CloudWatchLogsEndpointProvider.defaultProvider()
        .resolveEndpoint(CloudWatchLogsEndpointParams.builder().region(region).build())
        .join()
        .url();
  }

  /**
   * Wires a sink around given clients (tests: fakes): {@code client} for provisioning and the healthcheck,
   * {@code puts} for PutLogEvents. The sink closes both.
   */
  static LogSink create(
      CloudWatchSinkConfig config,
      ExporterEvents events,
      CloudWatchLogsClient client,
      PutLogEventsClient puts,
      Ticker ticker,
      Random random) {
    return create(
        config,
        events,
        client,
        puts,
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
      PutLogEventsClient puts,
      Ticker ticker,
      Random random,
      Duration baseDelay,
      Duration maxDelay) {
    return create(config, events, client, puts, () -> {}, ticker, random, baseDelay, maxDelay);
  }

  private static LogSink create(
      CloudWatchSinkConfig config,
      ExporterEvents events,
      CloudWatchLogsClient client,
      PutLogEventsClient puts,
      AutoCloseable owned,
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
            puts,
            new CloudWatchRequestBuilder(),
            provisioner,
            classifier,
            deadLetters,
            events,
            ticker,
            config.maxConcurrency(),
            config.maxRetryDuration(),
            config.requestTimeout());
    java.util.Optional<io.logferry.sink.StreamReader> reader =
        config.reconcileTimeout().isZero()
            ? java.util.Optional.empty()
            : java.util.Optional.of(new CloudWatchStreamReader(client, classifier, ticker, config.reconcileTimeout()));
    return new CloudWatchSink(
        client, puts, owned, service, new CloudWatchHealthcheck(client, classifier), deadLetters, reader);
  }

  private static void validate(CloudWatchSinkConfig config) {
    Objects.requireNonNull(config, "config");
    if (config.region() == null || config.region().isBlank()) throw new ConfigException("region: required");
    if (!CloudWatchSinkConfig.isValidRegion(config.region())) {
      throw new ConfigException("region '" + config.region() + "' is not an AWS region name (like us-east-1 or eu-west-1)");
    }
    if (config.maxConcurrency() <= 0) throw new ConfigException("maxConcurrency: must be positive");
    if (config.maxRetryDuration() == null || config.maxRetryDuration().isNegative()) {
      throw new ConfigException("maxRetryDuration: must be zero or positive");
    }
    if (config.reconcileTimeout().isNegative()) throw new ConfigException("reconcileTimeout: must be zero or positive");
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
  public java.util.Optional<io.logferry.sink.StreamReader> streamReader() {
    return reader;
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
        try {
          puts.close();
          client.close();
        } finally {
          closeQuietly(owned);
        }
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Closing the HTTP client and credentials chain: nothing to deliver depends on it.
    }
  }
}
