package io.logferry.reconcile;

import io.logferry.pipeline.Batch;
import io.logferry.pipeline.LogEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One request as sent (with {@code sources}: its own offset ranges when it is a part of a split batch whose events
 * per file are consecutive in read order, so that it can be skipped on its own; else empty): how many events, and the first and last of them as the service orders them (by timestamp,
 * equal timestamps in the order sent, which is read order: the sink sorts stably).
 *
 * @param count events in the request
 * @param firstTimestamp timestamp of the first event
 * @param lastTimestamp timestamp of the last event
 * @param firstHash {@link #hash} of the first event's message
 * @param lastHash {@link #hash} of the last event's message
 */
public record JournaledPart(
    int count, long firstTimestamp, long lastTimestamp, String firstHash, String lastHash, List<SourceRange> sources) {

  public JournaledPart {
    sources = List.copyOf(sources);
  }

  /** Without ranges of its own (the request is a whole batch, whose ranges the batch line holds). */
  public JournaledPart(int count, long firstTimestamp, long lastTimestamp, String firstHash, String lastHash) {
    this(count, firstTimestamp, lastTimestamp, firstHash, lastHash, List.of());
  }

  /** What a request holds, in the order CloudWatch stores it. */
  static JournaledPart of(Batch part, List<SourceRange> sources) {
    LogEvent first = null;
    LogEvent last = null;
    for (LogEvent e : part.events()) {
      if (first == null || e.timestamp() < first.timestamp()) first = e; // strict: the earliest read of the smallest
      if (last == null || e.timestamp() >= last.timestamp()) last = e; // or equal: the latest read of the largest
    }
    return new JournaledPart(
        part.size(), first.timestamp(), last.timestamp(), hash(first.message()), hash(last.message()), sources);
  }

  /**
   * The first 64 bits of the SHA-256 of the message's UTF-8 bytes, in hex. A cryptographic hash because a collision
   * is the one way a "found" could be wrong; 64 bits because it must also sit at the same timestamp and at exactly
   * the batch's distance from the other end to count.
   */
  static String hash(String message) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
