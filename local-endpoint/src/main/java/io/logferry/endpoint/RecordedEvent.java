package io.logferry.endpoint;

/**
 * One event the endpoint accepted and stored (ground truth, {@link RecordingMode#FULL} only).
 *
 * @param ingestionTime wall-clock milliseconds at which the endpoint accepted the batch
 */
public record RecordedEvent(String group, String stream, long timestamp, long ingestionTime, String message) {}
