package io.logferry.sink.cloudwatch;

import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.AccessDeniedException;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogStreamResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ServiceUnavailableException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ThrottlingException;

/**
 * A hand-written in-memory CloudWatch Logs: groups and streams that must exist before a put, scripted errors, a gate
 * to hold puts on the wire, and counters. Thread-safe.
 *
 * <p>It is the sink's {@link PutLogEventsClient} too: it reads the request body the sink wrote (bytes, parsed with
 * jackson-core as the service would) back into the SDK's model, so every test through this fake also checks the body.
 */
final class FakeCloudWatchLogs implements CloudWatchLogsClient, PutLogEventsClient {

  /** Group -> stream -> events stored, in order received. */
  final Map<String, Map<String, List<InputLogEvent>>> groups = new LinkedHashMap<>();
  /** Errors the next puts throw, one per put, before the fake behaves normally again. */
  final Deque<RuntimeException> putErrors = new ConcurrentLinkedDeque<>();
  /** Errors the next createLogGroup calls throw. */
  final Deque<RuntimeException> createGroupErrors = new ConcurrentLinkedDeque<>();
  /** Shapes the response of a successful put (e.g. rejectedLogEventsInfo); identity by default. */
  volatile Function<PutLogEventsRequest, PutLogEventsResponse> putResponse = r -> PutLogEventsResponse.builder().build();
  /** Runs at the start of every put, on the caller's thread (e.g. to advance a fake ticker). */
  volatile Runnable onPut = () -> {};
  /** When set, puts wait for it (simulates requests on the wire). */
  volatile CountDownLatch gate;
  volatile RuntimeException describeError;
  /** When set, every put throws it. */
  volatile RuntimeException alwaysFailPut;

  final AtomicInteger puts = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final AtomicInteger createGroupCalls = new AtomicInteger();
  final AtomicInteger createStreamCalls = new AtomicInteger();
  final List<String> retentionSet = new ArrayList<>();

  synchronized void addStream(String group, String stream) {
    groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).computeIfAbsent(stream, s -> new ArrayList<>());
  }

  synchronized void addGroup(String group) {
    groups.computeIfAbsent(group, g -> new LinkedHashMap<>());
  }

  synchronized List<InputLogEvent> stored(String group, String stream) {
    Map<String, List<InputLogEvent>> streams = groups.get(group);
    List<InputLogEvent> events = streams == null ? null : streams.get(stream);
    return events == null ? List.of() : List.copyOf(events);
  }

  @Override
  public PutLogEventsResponse putLogEvents(PutLogEventsRequest request) {
    puts.incrementAndGet();
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      onPut.run();
      CountDownLatch g = gate;
      if (g != null && !g.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("gate never opened");
      RuntimeException always = alwaysFailPut;
      if (always != null) throw always;
      RuntimeException scripted = putErrors.poll();
      if (scripted != null) throw scripted;
      PutLogEventsResponse response = putResponse.apply(request);
      synchronized (this) {
        Map<String, List<InputLogEvent>> streams = groups.get(request.logGroupName());
        if (streams == null) throw error(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400, "The specified log group does not exist.");
        List<InputLogEvent> events = streams.get(request.logStreamName());
        if (events == null) throw error(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400, "The specified log stream does not exist.");
        events.addAll(request.logEvents());
      }
      return response;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** The sink's path: the body bytes, decoded into the SDK model, then the same behaviour as above. */
  @Override
  public PutLogEventsOutcome putLogEvents(PutLogEventsBody body) {
    PutLogEventsRequest request = PutLogEventsBodies.parse(body.array(), body.length());
    RejectedLogEventsInfo info = putLogEvents(request).rejectedLogEventsInfo();
    return info == null
        ? PutLogEventsOutcome.ALL_STORED
        : new PutLogEventsOutcome(info.tooNewLogEventStartIndex(), info.tooOldLogEventEndIndex(), info.expiredLogEventEndIndex());
  }

  @Override
  public CreateLogGroupResponse createLogGroup(CreateLogGroupRequest request) {
    createGroupCalls.incrementAndGet();
    RuntimeException scripted = createGroupErrors.poll();
    if (scripted != null) throw scripted;
    synchronized (this) {
      if (groups.containsKey(request.logGroupName())) {
        throw error(ResourceAlreadyExistsException.builder(), "ResourceAlreadyExistsException", 400, "The specified log group already exists");
      }
      groups.put(request.logGroupName(), new LinkedHashMap<>());
    }
    return CreateLogGroupResponse.builder().build();
  }

  @Override
  public CreateLogStreamResponse createLogStream(CreateLogStreamRequest request) {
    createStreamCalls.incrementAndGet();
    synchronized (this) {
      Map<String, List<InputLogEvent>> streams = groups.get(request.logGroupName());
      if (streams == null) throw error(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400, "The specified log group does not exist.");
      if (streams.containsKey(request.logStreamName())) {
        throw error(ResourceAlreadyExistsException.builder(), "ResourceAlreadyExistsException", 400, "The specified log stream already exists");
      }
      streams.put(request.logStreamName(), new ArrayList<>());
    }
    return CreateLogStreamResponse.builder().build();
  }

  @Override
  public synchronized PutRetentionPolicyResponse putRetentionPolicy(PutRetentionPolicyRequest request) {
    retentionSet.add(request.logGroupName() + "=" + request.retentionInDays());
    return PutRetentionPolicyResponse.builder().build();
  }

  @Override
  public DescribeLogGroupsResponse describeLogGroups(DescribeLogGroupsRequest request) {
    RuntimeException e = describeError;
    if (e != null) throw e;
    return DescribeLogGroupsResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return "logs";
  }

  @Override
  public void close() {}

  // --- errors as the SDK builds them from a JSON error response ---------------------------------------------

  static <B extends AwsServiceException.Builder> RuntimeException error(B builder, String code, int status, String message) {
    builder.message(message).statusCode(status);
    builder.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("CloudWatchLogs").build());
    return builder.build();
  }

  static RuntimeException throttling() {
    return error(ThrottlingException.builder(), "ThrottlingException", 400, "Rate exceeded");
  }

  static RuntimeException unavailable() {
    return error(ServiceUnavailableException.builder(), "ServiceUnavailableException", 503, "The service is unavailable");
  }

  static RuntimeException accessDenied() {
    return error(AccessDeniedException.builder(), "AccessDeniedException", 400, "User is not authorized to perform: logs:PutLogEvents");
  }

  static RuntimeException generic(String code, int status) {
    return error(AwsServiceException.builder(), code, status, code + " happened");
  }
}
