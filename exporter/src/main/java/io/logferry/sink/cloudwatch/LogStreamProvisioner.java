package io.logferry.sink.cloudwatch;

import io.logferry.events.StreamKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

/**
 * Makes sure a log group and stream exist (Vector's {@code request.rs} states, Fluent Bit's
 * {@code create_log_group}/{@code create_log_stream}). Provisioning is lazy: the sink simply puts, and only a
 * {@code ResourceNotFoundException} leads here, so the common case costs no extra call and needs no Describe
 * permission.
 *
 * <p>Steps: create the group (when configured; {@code ResourceAlreadyExistsException} is success), set the retention
 * on a group this sink created (when configured), create the stream (when configured; exists = success). Every step
 * is idempotent, so a provisioning that fails half-way is simply run again.
 *
 * <p>Once per key: concurrent batches of one stream that all hit the missing stream provision it once. Each key has a
 * generation; a caller reads it before its put and passes it back, and provisioning is skipped when another caller
 * has already provisioned since ({@link #provision}).
 */
final class LogStreamProvisioner {

  private final CloudWatchLogsClient client;
  private final boolean createGroup;
  private final boolean createStream;
  private final Integer retentionDays;
  private final CloudWatchSinkConfig.GroupSettings groups;
  private final ConcurrentMap<StreamKey, Entry> entries = new ConcurrentHashMap<>();

  private static final class Entry {
    private long generation;
  }

  LogStreamProvisioner(CloudWatchLogsClient client, boolean createGroup, boolean createStream, Integer retentionDays) {
    this(client, createGroup, createStream, retentionDays, CloudWatchSinkConfig.GroupSettings.NONE);
  }

  LogStreamProvisioner(
      CloudWatchLogsClient client,
      boolean createGroup,
      boolean createStream,
      Integer retentionDays,
      CloudWatchSinkConfig.GroupSettings groups) {
    this.groups = groups;
    this.client = client;
    this.createGroup = createGroup;
    this.createStream = createStream;
    this.retentionDays = retentionDays;
  }

  /** Whether this sink may create anything; when not, a missing group or stream is a failure. */
  boolean enabled() {
    return createGroup || createStream;
  }

  /** The provisioning generation of {@code key}: read it before a put, pass it to {@link #provision} after. */
  long generation(StreamKey key) {
    Entry entry = entries.computeIfAbsent(key, k -> new Entry());
    synchronized (entry) {
      return entry.generation;
    }
  }

  /**
   * Creates what is missing for {@code key}, unless it was provisioned after generation {@code seen} was read. Runs
   * on the caller's thread; callers for one key wait for each other.
   *
   * @return {@code true} when this call ran the steps, {@code false} when another caller had already done so
   * @throws RuntimeException the SDK error of a step, for the retry classifier
   */
  boolean provision(StreamKey key, long seen) {
    Entry entry = entries.computeIfAbsent(key, k -> new Entry());
    synchronized (entry) {
      if (entry.generation != seen) return false;
      if (createGroup) {
        boolean created = createGroup(key.group());
        if (created && retentionDays != null) {
          client.putRetentionPolicy(b -> b.logGroupName(key.group()).retentionInDays(retentionDays));
        }
      }
      if (createStream) createStream(key);
      entry.generation++;
      return true;
    }
  }

  private boolean createGroup(String group) {
    try {
      client.createLogGroup(
          b -> {
            b.logGroupName(group);
            if (groups.kmsKeyId() != null) b.kmsKeyId(groups.kmsKeyId());
            if (groups.logGroupClass() != null) b.logGroupClass(groups.logGroupClass());
            if (!groups.tags().isEmpty()) b.tags(groups.tags());
          });
      return true;
    } catch (ResourceAlreadyExistsException e) {
      return false; // someone else created it: exactly the state we want
    }
  }

  private void createStream(StreamKey key) {
    try {
      client.createLogStream(b -> b.logGroupName(key.group()).logStreamName(key.stream()));
    } catch (ResourceAlreadyExistsException e) {
      // exists already: exactly the state we want
    }
  }
}
