package io.logferry.sink.cloudwatch;

import io.logferry.pipeline.Batch;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Benchmark access to the CloudWatch sink's package-private send path (this class sits in the sink's package, in the
 * bench module only): the steps {@code BatchBenchmark} measures one by one, exactly as {@code CloudWatchService} runs
 * them (request builder, then body, then signing and sending).
 */
public final class PutLogEventsPath implements AutoCloseable {

  private final CloudWatchRequestBuilder builder = new CloudWatchRequestBuilder();
  private final PutLogEventsBody body = new PutLogEventsBody();
  private final SignedPutLogEventsClient client;

  /** A path sending over {@code http} (e.g. a no-op client) with placeholder static credentials. */
  public PutLogEventsPath(SdkHttpClient http) {
    this.client =
        new SignedPutLogEventsClient(
            http,
            URI.create("http://127.0.0.1:9"),
            "us-east-1",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")),
            Duration.ofSeconds(30));
  }

  /** Sorts and range-checks each batch and writes its body; returns the body bytes written. */
  public long writeBodies(List<Batch> batches, long nowMillis) {
    long n = 0;
    for (Batch b : batches) {
      CloudWatchRequestBuilder.PreparedRequest prepared = builder.build(b, nowMillis);
      n += body.write(prepared.key(), prepared.sent()).length();
    }
    return n;
  }

  /** As {@link #writeBodies}, then signs and sends each body; returns the events the answers left accepted. */
  public long writeSignAndSend(List<Batch> batches, long nowMillis) {
    long n = 0;
    for (Batch b : batches) {
      CloudWatchRequestBuilder.PreparedRequest prepared = builder.build(b, nowMillis);
      PutLogEventsOutcome outcome = client.putLogEvents(body.write(prepared.key(), prepared.sent()));
      n += prepared.sent().size() - CloudWatchRequestBuilder.rejected(prepared.sent(), outcome).size();
    }
    return n;
  }

  @Override
  public void close() {
    client.close();
  }
}
