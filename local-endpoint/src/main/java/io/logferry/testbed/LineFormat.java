package io.logferry.testbed;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

/**
 * The shapes of log line the testbed writes. Every line carries its writer's sequence number and write time in a
 * recognisable {@code seq=<writer>:<n> t=<millis>} token, so that a consumer of what the endpoint accepted can count
 * loss, duplicates and freshness without any other bookkeeping.
 */
public enum LineFormat {
  /** nginx "combined" access log, about 194 bytes a line. */
  NGINX_COMBINED {
    @Override
    String line(String writer, long seq, long millis, Random random) {
      return IP[(int) (seq % IP.length)]
          + " - - ["
          + NGINX_TIME.format(Instant.ofEpochMilli(millis))
          + "] \"GET /api/v1/items/"
          + (seq % 9973)
          + "?seq="
          + writer
          + ":"
          + seq
          + "&t="
          + millis
          + " HTTP/1.1\" "
          + STATUS[(int) (seq % STATUS.length)]
          + " "
          + (200 + random.nextInt(4000))
          + " \"https://shop.example.com/catalog\" \"Mozilla/5.0 (X11; Linux x86_64) logferry-testbed\"";
    }
  },
  /** Application log lines in which every 10th event is an exception with a Java stack trace (multiline). */
  JAVA_APP {
    @Override
    String line(String writer, long seq, long millis, Random random) {
      String head = ISO.format(Instant.ofEpochMilli(millis)) + " ";
      if (seq % 10 == 7) {
        return head
            + "ERROR [worker-"
            + (seq % 4)
            + "] request failed seq="
            + writer
            + ":"
            + seq
            + " t="
            + millis
            + "\njava.lang.IllegalStateException: upstream returned 503\n"
            + "\tat io.example.shop.Client.call(Client.java:42)\n"
            + "\tat io.example.shop.Service.handle(Service.java:117)\n"
            + "Caused by: java.net.SocketTimeoutException: Read timed out\n"
            + "\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:168)\n"
            + "\t... 12 more";
      }
      return head + "INFO  [worker-" + (seq % 4) + "] handled order seq=" + writer + ":" + seq + " t=" + millis;
    }
  },
  /** JSON lines with a {@code ts} field in epoch milliseconds. */
  JSON {
    @Override
    String line(String writer, long seq, long millis, Random random) {
      return "{\"ts\":"
          + millis
          + ",\"level\":\"INFO\",\"msg\":\"handled order seq="
          + writer
          + ":"
          + seq
          + " t="
          + millis
          + "\",\"latency_ms\":"
          + random.nextInt(500)
          + "}";
    }
  };

  private static final String[] IP = {"10.0.3.17", "10.0.7.201", "192.168.12.9", "172.16.4.33"};
  private static final int[] STATUS = {200, 200, 200, 201, 204, 301, 404, 500};
  private static final DateTimeFormatter NGINX_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

  /**
   * One event's text for writer {@code writer}, sequence {@code seq}, written at {@code millis}. May hold several
   * physical lines (JAVA_APP stack traces); never ends with a newline.
   */
  abstract String line(String writer, long seq, long millis, Random random);

  byte[] bytes(String writer, long seq, long millis, Random random) {
    return (line(writer, seq, millis, random) + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
