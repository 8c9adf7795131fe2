package io.logferry.sink.cloudwatch;

import static io.logferry.testing.SinkBatches.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.events.StreamKey;
import io.logferry.pipeline.LogEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;

class PutLogEventsBodyTest {

  private static final StreamKey KEY = new StreamKey("/k8s/app", "node-1/nginx \"quoted\"");

  private static PutLogEventsRequest readBack(PutLogEventsBody body) {
    return PutLogEventsBodies.parse(body.array(), body.length());
  }

  @Test
  void writesTheJsonOneOneShapeOfTheApi() {
    PutLogEventsBody body = new PutLogEventsBody().write(new StreamKey("g", "s"), List.of(event(1, "a"), event(2, "b")));
    assertThat(new String(body.array(), 0, body.length(), StandardCharsets.UTF_8))
        .isEqualTo("{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":["
            + "{\"timestamp\":1,\"message\":\"a\"},{\"timestamp\":2,\"message\":\"b\"}]}");
  }

  @Test
  void escapesEveryCharacterJsonRequiresAndKeepsUnicode() {
    List<String> messages = List.of(
        "quote \" backslash \\ slash /",
        "controls \u0000 \u0001 \b \f \n \r \t \u001f del \u007f",
        "latin é ü ß, cjk 日本語, emoji 😀 (a surrogate pair), U+2028 \u2028 U+FFFD \ufffd",
        "x");
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) events.add(event(1_700_000_000_000L + i, messages.get(i)));

    PutLogEventsRequest read = readBack(new PutLogEventsBody().write(KEY, events));

    assertThat(read.logGroupName()).isEqualTo(KEY.group());
    assertThat(read.logStreamName()).isEqualTo(KEY.stream());
    assertThat(read.logEvents()).extracting(InputLogEvent::message).containsExactlyElementsOf(messages);
    assertThat(read.logEvents()).extracting(InputLogEvent::timestamp)
        .containsExactly(1_700_000_000_000L, 1_700_000_000_001L, 1_700_000_000_002L, 1_700_000_000_003L);
    assertThat(read.sequenceToken()).isNull();
  }

  @Test
  void messagesAreSentAsUtf8() {
    PutLogEventsBody body = new PutLogEventsBody().write(new StreamKey("g", "s"), List.of(event(1, "é😀")));
    String json = new String(body.array(), 0, body.length(), StandardCharsets.UTF_8);
    assertThat(json).contains("\"message\":\"é😀\""); // raw UTF-8, not \\u escapes: counted as CloudWatch counts
  }

  @Test
  void aReusedBodyHoldsOnlyTheLatestRequest() {
    PutLogEventsBody body = new PutLogEventsBody();
    List<LogEvent> big = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) big.add(event(i, "line number " + i + " with some text to make it long"));
    body.write(KEY, big);
    int bigLength = body.length();
    body.release();

    body.write(KEY, List.of(event(7, "small")));

    assertThat(body.length()).isLessThan(bigLength);
    assertThat(readBack(body).logEvents()).extracting(InputLogEvent::message).containsExactly("small");
  }

  @Test
  void anUnusuallyLargeBufferIsDroppedAfterUse() {
    // Control characters are escaped as six bytes each: a 1 MiB request of them needs a ~6 MiB buffer.
    String controls = "\u0001".repeat(1_000_000);
    PutLogEventsBody body = new PutLogEventsBody().write(KEY, List.of(event(1, controls)));
    assertThat(body.array().length).isGreaterThan(PutLogEventsBody.MAX_RETAINED_CAPACITY);
    assertThat(readBack(body).logEvents().get(0).message()).isEqualTo(controls);

    body.release();

    assertThat(body.array().length).isEqualTo(PutLogEventsBody.INITIAL_CAPACITY);
  }

  @Test
  void escapesExactlyAsJsonRequires() {
    PutLogEventsBody body = new PutLogEventsBody().write(new StreamKey("g", "s"),
        List.of(event(0, "a\"b\\c\u0001\u001f\n\r\t\b\f\u007f/é")));
    assertThat(new String(body.array(), 0, body.length(), StandardCharsets.UTF_8))
        .contains("\"message\":\"a\\\"b\\\\c\\u0001\\u001f\\n\\r\\t\\b\\f\u007f/é\"");
  }

  @Test
  void writesTimestampsOfEveryMagnitude() {
    List<Long> timestamps = List.of(0L, 9L, 10L, 1_700_000_000_123L, -1L, -1_000L, Long.MAX_VALUE, Long.MIN_VALUE);
    List<LogEvent> events = new ArrayList<>();
    for (long t : timestamps) events.add(event(t, "m"));
    assertThat(readBack(new PutLogEventsBody().write(KEY, events)).logEvents())
        .extracting(InputLogEvent::timestamp).containsExactlyElementsOf(timestamps);
  }

  @Test
  void theWordAtATimeCheckFindsEveryByteThatNeedsEscapingAtEveryPosition() {
    for (int b = 0; b < 256; b++) {
      boolean expected = b < 0x20 || b == '"' || b == '\\';
      for (int pos = 0; pos < 8; pos++) {
        long word = 0x6161616161616161L; // "aaaaaaaa"
        word = (word & ~(0xffL << (8 * pos))) | ((long) b << (8 * pos));
        assertThat(PutLogEventsBody.needsEscape(word)).as("byte 0x%02x at %d", b, pos).isEqualTo(expected);
        if (expected) {
          assertThat(Long.numberOfTrailingZeros(PutLogEventsBody.escapeFlags(word)) >>> 3).isEqualTo(pos);
        }
      }
    }
  }

  @Test
  void theLowestFlaggedByteIsAlwaysOneToEscape() {
    java.util.Random random = new java.util.Random(7);
    byte[] interesting = {0, 1, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xff, 'a'};
    for (int round = 0; round < 200_000; round++) {
      long word = 0;
      int firstToEscape = -1;
      for (int pos = 0; pos < 8; pos++) {
        int b = interesting[random.nextInt(interesting.length)] & 0xff;
        word |= (long) b << (8 * pos);
        if (firstToEscape < 0 && (b < 0x20 || b == '"' || b == '\\')) firstToEscape = pos;
      }
      long flags = PutLogEventsBody.escapeFlags(word);
      if (firstToEscape < 0) assertThat(flags).as("word %016x", word).isZero();
      else assertThat(Long.numberOfTrailingZeros(flags) >>> 3).as("word %016x", word).isEqualTo(firstToEscape);
    }
  }

  @Test
  void randomMessagesReadBackUnchanged() {
    java.util.Random random = new java.util.Random(42);
    String alphabet = "ab \"\\/\n\t\u0000\u001fé日😀";
    List<LogEvent> events = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      StringBuilder m = new StringBuilder();
      int len = 1 + random.nextInt(40);
      while (m.length() < len) {
        int at = random.nextInt(alphabet.length());
        if (Character.isHighSurrogate(alphabet.charAt(at))) m.append(alphabet, at, at + 2);
        else if (!Character.isLowSurrogate(alphabet.charAt(at))) m.append(alphabet.charAt(at));
      }
      messages.add(m.toString());
      events.add(event(i, m.toString()));
    }
    PutLogEventsBody body = new PutLogEventsBody();
    body.write(KEY, List.of(event(1, "warm the buffer up with something else first")));
    assertThat(readBack(body.write(KEY, events)).logEvents()).extracting(InputLogEvent::message).containsExactlyElementsOf(messages);
  }
}
