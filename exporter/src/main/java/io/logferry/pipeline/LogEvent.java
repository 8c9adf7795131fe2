package io.logferry.pipeline;

import io.logferry.source.SourceId;

/**
 * One event on its way to a sink.
 *
 * @param timestamp milliseconds since the epoch (CloudWatch's unit)
 * @param message the message, never empty, already valid UTF-16 (invalid UTF-8 input was replaced, not dropped)
 * @param byteLength the UTF-8 length of {@code message}, computed once where the message was built, because every
 *     limit CloudWatch enforces counts UTF-8 bytes
 * @param source the file generation the event was read from, or {@code null} for events with no file behind them
 * @param commitOffset the offset in {@code source} up to which every byte is covered by this event and the events
 *     before it: once they are all acknowledged the checkpoint may move here. For all but the last piece of a split
 *     line this is the line's start, so a crash between pieces re-reads the line instead of skipping its rest.
 */
public record LogEvent(long timestamp, String message, int byteLength, SourceId source, long commitOffset) {}
