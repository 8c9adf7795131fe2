package io.logferry.sink.cloudwatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyResponse;

/**
 * The control-plane calls the sink makes (create group and stream, retention, the healthcheck's DescribeLogGroups) as
 * small signed JSON requests through the same transport as PutLogEvents ({@link SignedPutLogEventsClient}), so that a
 * running sink never builds the SDK's service client: that client, its protocol marshallers, interceptors, endpoint
 * rules and the metadata of every AWS service and region are ~1,000 classes, ~6 MiB of class metadata in a sidecar
 * that makes these calls once per stream (bench/README.md "Sidecar footprint"). Errors are the SDK's exceptions, as
 * before ({@code ResourceAlreadyExistsException} is success to the provisioner), classified by the same classifier.
 *
 * <p>Any other call (reading a stream back) goes to the SDK's client, built on first use by {@code sdk}: rare calls
 * keep the SDK's full model. Only the request fields the sink sets are sent; a caller that set others would lose them,
 * so the overridden methods are exactly the ones {@link LogStreamProvisioner} and {@link CloudWatchHealthcheck} call.
 */
final class SignedCloudWatchLogsClient implements CloudWatchLogsClient {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final SignedPutLogEventsClient transport;
  private final Supplier<CloudWatchLogsClient> sdk;
  private CloudWatchLogsClient built;

  /** @param sdk builds the SDK's client for any other call, at most once; closed with this client */
  SignedCloudWatchLogsClient(SignedPutLogEventsClient transport, Supplier<CloudWatchLogsClient> sdk) {
    this.transport = transport;
    this.sdk = sdk;
  }

  @Override
  public CreateLogGroupResponse createLogGroup(CreateLogGroupRequest r) {
    call("CreateLogGroup", g -> {
      g.writeStringField("logGroupName", r.logGroupName());
      if (r.kmsKeyId() != null) g.writeStringField("kmsKeyId", r.kmsKeyId());
      if (r.logGroupClassAsString() != null) g.writeStringField("logGroupClass", r.logGroupClassAsString());
      if (r.hasTags() && !r.tags().isEmpty()) {
        g.writeObjectFieldStart("tags");
        for (Map.Entry<String, String> t : r.tags().entrySet()) g.writeStringField(t.getKey(), t.getValue());
        g.writeEndObject();
      }
    });
    return CreateLogGroupResponse.builder().build();
  }

  @Override
  public CreateLogStreamResponse createLogStream(CreateLogStreamRequest r) {
    call("CreateLogStream", g -> {
      g.writeStringField("logGroupName", r.logGroupName());
      g.writeStringField("logStreamName", r.logStreamName());
    });
    return CreateLogStreamResponse.builder().build();
  }

  @Override
  public PutRetentionPolicyResponse putRetentionPolicy(PutRetentionPolicyRequest r) {
    call("PutRetentionPolicy", g -> {
      g.writeStringField("logGroupName", r.logGroupName());
      g.writeNumberField("retentionInDays", r.retentionInDays());
    });
    return PutRetentionPolicyResponse.builder().build();
  }

  /** The healthcheck's probe: answered or not is what counts; the groups listed are not read. */
  @Override
  public DescribeLogGroupsResponse describeLogGroups(DescribeLogGroupsRequest r) {
    call("DescribeLogGroups", g -> {
      if (r.limit() != null) g.writeNumberField("limit", r.limit());
      if (r.logGroupNamePrefix() != null) g.writeStringField("logGroupNamePrefix", r.logGroupNamePrefix());
    });
    return DescribeLogGroupsResponse.builder().build();
  }

  @Override
  public GetLogEventsResponse getLogEvents(GetLogEventsRequest r) {
    return sdk().getLogEvents(r);
  }

  private synchronized CloudWatchLogsClient sdk() {
    if (built == null) built = sdk.get();
    return built;
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private void call(String operation, Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    byte[] body = out.toByteArray();
    transport.call("Logs_20140328." + operation, ContentStreamProvider.fromByteArrayUnsafe(body), body.length);
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public synchronized void close() {
    if (built != null) built.close();
  }
}
