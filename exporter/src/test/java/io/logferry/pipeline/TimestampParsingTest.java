package io.logferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logferry.config.ConfigException;
import io.logferry.config.ExporterConfig.ParserConfig;
import io.logferry.config.ExporterConfig.ParserConfig.Kind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampParsingTest {

  private static long ms(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private static AssemblerHarness plain(String regex, String format) {
    return new AssemblerHarness(
        AssemblerHarness.parser(new ParserConfig(Kind.PLAIN, regex, format, null)), 10_000);
  }

  private static AssemblerHarness json(String field, String format) {
    return new AssemblerHarness(AssemblerHarness.parser(new ParserConfig(Kind.JSON, null, format, field)), 10_000);
  }

  @Test
  void plainWithoutRegexUsesTheReadTime() {
    AssemblerHarness h = new AssemblerHarness(AssemblerHarness.plain(), 1000);
    h.line("2001-01-01T00:00:00Z looks like a time but no regex is configured");

    assertThat(h.events.get(0).timestamp()).isEqualTo(h.ticker.currentTimeMillis());
  }

  @Test
  void plainRegexWithIso8601() {
    AssemblerHarness h = plain("^(\\S+)", "ISO8601");
    h.line("2024-05-01T12:00:00.123Z hello");
    h.line("2024-05-01T14:00:00+02:00 offset");
    h.line("2024-05-01T12:00:00.123456789-0130 compact offset");

    assertThat(h.events.get(0).timestamp()).isEqualTo(ms("2024-05-01T12:00:00.123Z"));
    assertThat(h.events.get(1).timestamp()).isEqualTo(ms("2024-05-01T12:00:00Z"));
    assertThat(h.events.get(2).timestamp()).isEqualTo(ms("2024-05-01T13:30:00.123Z"));
  }

  @Test
  void plainRegexIsoWithSpaceSeparator() {
    AssemblerHarness h = plain("^(\\S+ \\S+)", null); // ISO8601 is the default format
    h.line("2024-05-01 12:00:00.5 space, no zone means UTC");

    assertThat(h.events.get(0).timestamp()).isEqualTo(ms("2024-05-01T12:00:00.500Z"));
  }

  @Test
  void nginxAccessLogTimestamp() {
    AssemblerHarness h = plain("\\[(?<ts>[^\\]]+)\\]", "dd/MMM/yyyy:HH:mm:ss Z");
    h.line("127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326");

    assertThat(h.events.get(0).timestamp()).isEqualTo(ms("2000-10-10T20:55:36Z"));
  }

  @Test
  void patternWithoutZoneIsUtc() {
    AssemblerHarness h = plain("^(\\S+ \\S+)", "yyyy-MM-dd HH:mm:ss,SSS");
    h.line("2024-05-01 12:00:00,250 INFO log4j style");

    assertThat(h.events.get(0).timestamp()).isEqualTo(ms("2024-05-01T12:00:00.250Z"));
  }

  @Test
  void epochSecondsWithFractionAndEpochMillis() {
    AssemblerHarness seconds = plain("^ts=(\\S+)", "EPOCH_SECONDS");
    seconds.line("ts=1700000000.25 x");
    seconds.line("ts=1700000001 y");
    AssemblerHarness millis = plain("^ts=(\\S+)", "EPOCH_MILLIS");
    millis.line("ts=1700000000250 z");

    assertThat(seconds.events.get(0).timestamp()).isEqualTo(1_700_000_000_250L);
    assertThat(seconds.events.get(1).timestamp()).isEqualTo(1_700_000_001_000L);
    assertThat(millis.events.get(0).timestamp()).isEqualTo(1_700_000_000_250L);
  }

  @Test
  void lineWhoseTimestampDoesNotMatchOrParseKeepsTheReadTimeAndIsKept() {
    AssemblerHarness h = plain("^(\\S+)", "ISO8601");
    h.line("not-a-time at all");
    h.line("   ");

    assertThat(h.messages()).containsExactly("not-a-time at all", "   ");
    assertThat(h.events).allSatisfy(e -> assertThat(e.timestamp()).isEqualTo(h.ticker.currentTimeMillis()));
  }

  @Test
  void multilineEventTakesTheTimestampOfItsFirstLine() {
    AssemblerHarness h =
        new AssemblerHarness(
            AssemblerHarness.config(
                io.logferry.config.ExporterConfig.OversizePolicy.SPLIT,
                new io.logferry.config.ExporterConfig.MultilineConfig("^\\d", Duration.ofSeconds(1), 100),
                new ParserConfig(Kind.PLAIN, "^(\\S+)", "ISO8601", null),
                "app",
                "{file}"),
            10_000);
    h.line("2024-05-01T12:00:00Z first");
    h.line("  2030-01-01T00:00:00Z second line with another time");
    h.assembler.flushAll();

    assertThat(h.events).hasSize(1);
    assertThat(h.events.get(0).timestamp()).isEqualTo(ms("2024-05-01T12:00:00Z"));
  }

  @Test
  void jsonNumberFieldIsMillisOrSeconds() {
    AssemblerHarness h = json("time", null);
    h.line("{\"time\":1700000000123,\"msg\":\"millis\"}");
    h.line("{\"msg\":\"seconds\",\"time\":1700000000}");
    h.line("{\"time\":1700000000.5}");

    assertThat(h.events.get(0).timestamp()).isEqualTo(1_700_000_000_123L);
    assertThat(h.events.get(1).timestamp()).isEqualTo(1_700_000_000_000L);
    assertThat(h.events.get(2).timestamp()).isEqualTo(1_700_000_000_500L);
    assertThat(h.events.get(1).message()).isEqualTo("{\"msg\":\"seconds\",\"time\":1700000000}");
  }

  @Test
  void jsonStringFieldIsParsedWithTheFormat() {
    AssemblerHarness iso = json("@timestamp", null);
    iso.line("{\"@timestamp\":\"2024-05-01T12:00:00.123+00:00\",\"level\":\"info\"}");
    iso.line("{\"@timestamp\":\"1700000000\"}");
    AssemblerHarness nginx = json("t", "dd/MMM/yyyy:HH:mm:ss Z");
    nginx.line("{\"t\":\"10/Oct/2000:13:55:36 -0700\"}");

    assertThat(iso.events.get(0).timestamp()).isEqualTo(ms("2024-05-01T12:00:00.123Z"));
    assertThat(iso.events.get(1).timestamp()).isEqualTo(1_700_000_000_000L);
    assertThat(nginx.events.get(0).timestamp()).isEqualTo(ms("2000-10-10T20:55:36Z"));
  }

  @Test
  void jsonNestedValuesAreSkippedAndOnlyTopLevelCounts() {
    AssemblerHarness h = json("ts", null);
    h.line("{\"ctx\":{\"ts\":1,\"deep\":[{\"ts\":2}]},\"list\":[1,[2,{\"ts\":3}]],\"ts\":1700000000999}");
    h.line("{\"ctx\":{\"ts\":1700000000999}}");

    assertThat(h.events.get(0).timestamp()).isEqualTo(1_700_000_000_999L);
    assertThat(h.events.get(1).timestamp()).isEqualTo(h.ticker.currentTimeMillis());
  }

  @Test
  void nonJsonLinesAreKeptWithTheReadTime() {
    AssemblerHarness h = json("ts", null);
    h.line("plain text");
    h.line("{\"ts\": broken");
    h.line("[1,2,3]");
    h.line("{\"ts\":true}");

    assertThat(h.messages()).containsExactly("plain text", "{\"ts\": broken", "[1,2,3]", "{\"ts\":true}");
    assertThat(h.events).allSatisfy(e -> assertThat(e.timestamp()).isEqualTo(h.ticker.currentTimeMillis()));
  }

  @Test
  void invalidRegexOrFormatIsAConfigError() {
    assertThatThrownBy(() -> plain("(", null)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("timestampRegex");
    assertThatThrownBy(() -> plain("(\\S+)", "yyyy-MM-dd{{")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("timestampFormat");
  }
}
