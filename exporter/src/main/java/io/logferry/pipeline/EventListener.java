package io.logferry.pipeline;

import io.logferry.events.StreamKey;

/** Receives finished events, in read order per source. */
@FunctionalInterface
public interface EventListener {
  void onEvent(StreamKey key, LogEvent event);
}
