package io.logferry.endpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Log groups, their streams and the accepted events: the endpoint's state and the ground truth. Groups and streams
 * live in concurrent maps; each stream appends under its own monitor, so writers to different streams never contend
 * and a reader always sees whole batches.
 */
final class LogStore {

  final RecordingMode mode;
  final ConcurrentHashMap<String, LogGroup> groups = new ConcurrentHashMap<>();

  LogStore(RecordingMode mode) {
    this.mode = mode;
  }

  LogGroup group(String name) {
    return groups.get(name);
  }

  void clear() {
    groups.clear();
  }

  static final class LogGroup {
    final String name;
    final long creationTime;
    volatile int retentionDays; // 0 = never expire
    final ConcurrentHashMap<String, StreamLog> streams = new ConcurrentHashMap<>();

    LogGroup(String name, long creationTime) {
      this.name = name;
      this.creationTime = creationTime;
    }

    long storedBytes() {
      long sum = 0;
      for (StreamLog s : streams.values()) {
        sum += s.storedBytes();
      }
      return sum;
    }
  }

  /** One stream's accepted events in acceptance order, as growable parallel arrays (no object per event). */
  static final class StreamLog {
    final String name;
    final long creationTime;
    private final boolean full;
    private int size;
    private long[] timestamps;
    private long[] ingestionTimes;
    private String[] messages;
    private long[] hashes;
    private long storedBytes;
    private long firstTimestamp = Long.MAX_VALUE;
    private long lastTimestamp = Long.MIN_VALUE;
    private long lastIngestionTime;

    StreamLog(String name, long creationTime, RecordingMode mode) {
      this.name = name;
      this.creationTime = creationTime;
      this.full = mode == RecordingMode.FULL;
      if (full) {
        timestamps = new long[16];
        ingestionTimes = new long[16];
        messages = new String[16];
      } else {
        hashes = new long[16];
      }
    }

    /** Appends events {@code [from, to)} of a validated request; returns the UTF-8 bytes stored. */
    synchronized long append(PutLogEventsRequest r, int from, int to, long ingestionTime) {
      int n = to - from;
      ensureCapacity(size + n);
      long bytes = 0;
      for (int i = from; i < to; i++) {
        bytes += r.byteLengths[i];
        long ts = r.timestamps[i];
        if (ts < firstTimestamp) {
          firstTimestamp = ts;
        }
        if (ts > lastTimestamp) {
          lastTimestamp = ts;
        }
      }
      if (full) {
        System.arraycopy(r.timestamps, from, timestamps, size, n);
        System.arraycopy(r.messages, from, messages, size, n);
        Arrays.fill(ingestionTimes, size, size + n, ingestionTime);
      } else {
        System.arraycopy(r.hashes, from, hashes, size, n);
      }
      size += n;
      storedBytes += bytes;
      lastIngestionTime = ingestionTime;
      return bytes;
    }

    private void ensureCapacity(int needed) {
      int cap = full ? timestamps.length : hashes.length;
      if (needed <= cap) {
        return;
      }
      int newCap = Math.max(needed, cap + (cap >> 1));
      if (full) {
        timestamps = Arrays.copyOf(timestamps, newCap);
        ingestionTimes = Arrays.copyOf(ingestionTimes, newCap);
        messages = Arrays.copyOf(messages, newCap);
      } else {
        hashes = Arrays.copyOf(hashes, newCap);
      }
    }

    synchronized int size() {
      return size;
    }

    synchronized long storedBytes() {
      return storedBytes;
    }

    /** First/last event timestamps and last ingestion time, or null when the stream is empty. */
    synchronized long[] eventTimes() {
      return size == 0 ? null : new long[] {firstTimestamp, lastTimestamp, lastIngestionTime};
    }

    /** FULL mode only: a copy of the events in acceptance order. */
    synchronized List<RecordedEvent> events(String group) {
      List<RecordedEvent> out = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        out.add(new RecordedEvent(group, name, timestamps[i], ingestionTimes[i], messages[i]));
      }
      return out;
    }

    synchronized long[] messageHashes() {
      if (!full) {
        return Arrays.copyOf(hashes, size);
      }
      long[] out = new long[size];
      for (int i = 0; i < size; i++) {
        out[i] = MessageText.hash(messages[i]);
      }
      return out;
    }
  }
}
