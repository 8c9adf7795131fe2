package io.logferry.events;

import java.util.Objects;

/** Where an event goes: the partition key of batching (Vector's {@code CloudwatchKey}). */
public record StreamKey(String group, String stream) {
  public StreamKey {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(stream, "stream");
  }

  @Override
  public String toString() {
    return group + "/" + stream;
  }
}
