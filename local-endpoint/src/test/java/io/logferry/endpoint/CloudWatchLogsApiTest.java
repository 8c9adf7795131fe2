package io.logferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

class CloudWatchLogsApiTest {

  private LocalCloudWatchLogs endpoint;
  private CloudWatchLogsClient client;

  @BeforeEach
  void start() throws Exception {
    endpoint = LocalCloudWatchLogs.start(Options.defaults());
    client = Sdk.client(endpoint);
  }

  @AfterEach
  void stop() {
    client.close();
    endpoint.close();
  }

  private static InputLogEvent event(long ts, String message) {
    return InputLogEvent.builder().timestamp(ts).message(message).build();
  }

  @Test
  void createsGroupAndStreamAndRejectsDuplicates() {
    client.createLogGroup(b -> b.logGroupName("/app/orders"));
    client.createLogStream(b -> b.logGroupName("/app/orders").logStreamName("pod-1"));

    assertThatThrownBy(() -> client.createLogGroup(b -> b.logGroupName("/app/orders")))
        .isInstanceOf(ResourceAlreadyExistsException.class);
    assertThatThrownBy(() -> client.createLogStream(b -> b.logGroupName("/app/orders").logStreamName("pod-1")))
        .isInstanceOf(ResourceAlreadyExistsException.class);
    assertThatThrownBy(() -> client.createLogStream(b -> b.logGroupName("/app/missing").logStreamName("pod-1")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(endpoint.stats().rejectedRequests("groupAlreadyExists")).isEqualTo(1);
    assertThat(endpoint.stats().rejectedRequests("streamAlreadyExists")).isEqualTo(1);
  }

  @Test
  void putEventsAreReadBackInTimestampOrderWithIngestionTime() {
    client.createLogGroup(b -> b.logGroupName("g"));
    client.createLogStream(b -> b.logGroupName("g").logStreamName("s"));
    long now = System.currentTimeMillis();
    long before = now;
    PutLogEventsResponse put = client.putLogEvents(b -> b.logGroupName("g").logStreamName("s")
        .logEvents(event(now - 2000, "first"), event(now - 1000, "second ünïcode €"), event(now, "third")));
    client.putLogEvents(b -> b.logGroupName("g").logStreamName("s").logEvents(event(now - 1500, "late")));

    assertThat(put.rejectedLogEventsInfo()).isNull();
    GetLogEventsResponse got = client.getLogEvents(b -> b.logGroupName("g").logStreamName("s").startFromHead(true));
    assertThat(got.events()).extracting(OutputLogEvent::message)
        .containsExactly("first", "late", "second ünïcode €", "third");
    assertThat(got.events()).allSatisfy(e -> assertThat(e.ingestionTime()).isGreaterThanOrEqualTo(before));
    assertThat(endpoint.events("g", "s")).extracting(RecordedEvent::message)
        .containsExactly("first", "second ünïcode €", "third", "late");
    assertThat(endpoint.stats().acceptedEvents()).isEqualTo(4);
    assertThat(endpoint.stats().acceptedBytes())
        .isEqualTo("first".length() + "second ünïcode €".getBytes(java.nio.charset.StandardCharsets.UTF_8).length
            + "third".length() + "late".length());
    assertThat(endpoint.stats().requests("PutLogEvents")).isEqualTo(2);
  }

  @Test
  void getLogEventsPaginatesForwardUntilTheTokenRepeats() {
    endpoint.createLogStream("g", "s");
    long now = System.currentTimeMillis();
    List<InputLogEvent> events = IntStream.range(0, 25).mapToObj(i -> event(now - 25 + i, "m" + i)).toList();
    client.putLogEvents(b -> b.logGroupName("g").logStreamName("s").logEvents(events));

    List<String> seen = new ArrayList<>();
    String token = null;
    while (true) {
      String t = token;
      GetLogEventsResponse page = client.getLogEvents(b -> b.logGroupName("g").logStreamName("s")
          .startFromHead(true).limit(10).nextToken(t));
      page.events().forEach(e -> seen.add(e.message()));
      if (page.nextForwardToken().equals(token)) {
        break;
      }
      token = page.nextForwardToken();
    }
    assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 25).mapToObj(i -> "m" + i).toList());

    GetLogEventsResponse tail = client.getLogEvents(b -> b.logGroupName("g").logStreamName("s").limit(5));
    assertThat(tail.events()).extracting(OutputLogEvent::message).containsExactly("m20", "m21", "m22", "m23", "m24");
  }

  @Test
  void filterLogEventsMatchesSubstringsAcrossStreamsWithPagination() {
    endpoint.createLogStream("g", "a");
    endpoint.createLogStream("g", "b");
    long now = System.currentTimeMillis();
    client.putLogEvents(b -> b.logGroupName("g").logStreamName("a")
        .logEvents(event(now - 30, "ERROR disk full"), event(now - 10, "INFO ok")));
    client.putLogEvents(b -> b.logGroupName("g").logStreamName("b")
        .logEvents(event(now - 20, "ERROR net down"), event(now, "ERROR disk slow")));

    FilterLogEventsResponse first = client.filterLogEvents(b -> b.logGroupName("g").filterPattern("ERROR disk")
        .limit(1));
    assertThat(first.events()).extracting(FilteredLogEvent::message).containsExactly("ERROR disk full");
    assertThat(first.nextToken()).isNotNull();
    FilterLogEventsResponse second = client.filterLogEvents(b -> b.logGroupName("g").filterPattern("ERROR disk")
        .limit(1).nextToken(first.nextToken()));
    assertThat(second.events()).extracting(FilteredLogEvent::logStreamName, FilteredLogEvent::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("b", "ERROR disk slow"));
    assertThat(second.nextToken()).isNull();

    FilterLogEventsResponse onlyB = client.filterLogEvents(b -> b.logGroupName("g").logStreamNames("b")
        .filterPattern("\"net down\""));
    assertThat(onlyB.events()).extracting(FilteredLogEvent::message).containsExactly("ERROR net down");
  }

  @Test
  void describeLogStreamsFiltersByPrefixAndReportsStoredBytes() {
    endpoint.createLogStream("g", "pod-a");
    endpoint.createLogStream("g", "pod-b");
    endpoint.createLogStream("g", "other");
    long now = System.currentTimeMillis();
    client.putLogEvents(b -> b.logGroupName("g").logStreamName("pod-b")
        .logEvents(event(now - 5, "12345"), event(now, "abc")));

    List<LogStream> streams = client.describeLogStreams(b -> b.logGroupName("g").logStreamNamePrefix("pod-"))
        .logStreams();
    assertThat(streams).extracting(LogStream::logStreamName).containsExactly("pod-a", "pod-b");
    LogStream b = streams.get(1);
    assertThat(b.storedBytes()).isEqualTo(8);
    assertThat(b.firstEventTimestamp()).isEqualTo(now - 5);
    assertThat(b.lastEventTimestamp()).isEqualTo(now);
    assertThat(b.lastIngestionTime()).isNotNull();
    assertThat(streams.get(0).firstEventTimestamp()).isNull();

    List<LogStream> paged = client.describeLogStreamsPaginator(r -> r.logGroupName("g").limit(1)).logStreams()
        .stream().toList();
    assertThat(paged).extracting(LogStream::logStreamName).containsExactly("other", "pod-a", "pod-b");
    assertThatThrownBy(() -> client.describeLogStreams(r -> r.logGroupName("nope")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void describeLogGroupsListsByPrefixWithRetention() {
    client.createLogGroup(b -> b.logGroupName("/k8s/a"));
    client.createLogGroup(b -> b.logGroupName("/k8s/b"));
    client.createLogGroup(b -> b.logGroupName("/other"));
    client.putRetentionPolicy(b -> b.logGroupName("/k8s/b").retentionInDays(7));

    List<LogGroup> groups = client.describeLogGroups(b -> b.logGroupNamePrefix("/k8s/")).logGroups();
    assertThat(groups).extracting(LogGroup::logGroupName).containsExactly("/k8s/a", "/k8s/b");
    assertThat(groups.get(0).retentionInDays()).isNull();
    assertThat(groups.get(1).retentionInDays()).isEqualTo(7);
    assertThat(client.describeLogGroupsPaginator(b -> b.limit(1)).logGroups().stream().count()).isEqualTo(3);

    assertThatThrownBy(() -> client.putRetentionPolicy(b -> b.logGroupName("/k8s/b").retentionInDays(2)))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> client.putRetentionPolicy(b -> b.logGroupName("/none").retentionInDays(1)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void deletedStreamsAndGroupsAreGone() {
    endpoint.createLogStream("g", "s");
    client.deleteLogStream(b -> b.logGroupName("g").logStreamName("s"));
    assertThatThrownBy(() -> client.deleteLogStream(b -> b.logGroupName("g").logStreamName("s")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> client.putLogEvents(b -> b.logGroupName("g").logStreamName("s")
        .logEvents(event(System.currentTimeMillis(), "x")))).isInstanceOf(ResourceNotFoundException.class);
    client.deleteLogGroup(b -> b.logGroupName("g"));
    assertThatThrownBy(() -> client.deleteLogGroup(b -> b.logGroupName("g")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(client.describeLogGroups().logGroups()).isEmpty();
  }

  @Test
  void recordsAllEventsAcrossStreamsAndForgetsThemOnReset() {
    endpoint.createLogStream("g1", "s");
    endpoint.createLogStream("g2", "s");
    long now = System.currentTimeMillis();
    client.putLogEvents(b -> b.logGroupName("g2").logStreamName("s").logEvents(event(now, "two")));
    client.putLogEvents(b -> b.logGroupName("g1").logStreamName("s").logEvents(event(now, "one")));

    assertThat(endpoint.allEvents()).extracting(RecordedEvent::group, RecordedEvent::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("g1", "one"),
            org.assertj.core.groups.Tuple.tuple("g2", "two"));
    assertThat(endpoint.messageHashes("g1", "s")).containsExactly(LocalCloudWatchLogs.messageHash("one"));

    endpoint.reset();
    assertThat(endpoint.allEvents()).isEmpty();
    assertThat(endpoint.stats().acceptedEvents()).isZero();
    assertThat(client.describeLogGroups().logGroups()).isEmpty();
  }

  @Test
  void concurrentPutsToOneStreamAreEachRecordedOnceAndWhole() throws Exception {
    endpoint.createLogStream("g", "shared");
    int writers = 4;
    int batches = 25;
    int perBatch = 100;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          for (int b = 0; b < batches; b++) {
            long now = System.currentTimeMillis();
            int batch = b;
            List<InputLogEvent> events = IntStream.range(0, perBatch)
                .mapToObj(i -> event(now, writer + "/" + batch + "/" + i)).toList();
            client.putLogEvents(r -> r.logGroupName("g").logStreamName("shared").logEvents(events));
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    List<String> messages = endpoint.events("g", "shared").stream().map(RecordedEvent::message).toList();
    assertThat(messages).hasSize(writers * batches * perBatch).doesNotHaveDuplicates();
    // Batches are appended atomically: each batch's events are contiguous and in order.
    for (int i = 0; i < messages.size(); i += perBatch) {
      String prefix = messages.get(i).substring(0, messages.get(i).lastIndexOf('/') + 1);
      for (int j = 0; j < perBatch; j++) {
        assertThat(messages.get(i + j)).isEqualTo(prefix + j);
      }
    }
    assertThat(endpoint.stats().acceptedEvents()).isEqualTo(writers * batches * perBatch);
  }
}
