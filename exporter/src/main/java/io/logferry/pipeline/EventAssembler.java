package io.logferry.pipeline;

import io.logferry.source.LineConsumer;

/**
 * Turns lines into events: decodes UTF-8 (invalid bytes replaced, never dropped), splits or truncates lines longer
 * than one event, joins multiline events, parses timestamps, and names the stream of each source from the templates.
 * Finished events go to an {@link EventListener}.
 *
 * <p>Built by {@code EventAssemblers.create(ExporterConfig, BatchLimits, EventListener, ExporterEvents, Ticker)}.
 * Not thread-safe: driven by the pipeline thread.
 */
public interface EventAssembler extends LineConsumer {

  /** Emits open multiline events whose flush timeout has passed (per the ticker). */
  void flushExpired();

  /** Emits every open multiline event (end of a run, shutdown). */
  void flushAll();
}
