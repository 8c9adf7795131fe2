package io.logferry.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.Exporter;
import io.logferry.config.ExporterConfig;
import io.logferry.config.InputConfig;
import io.logferry.config.InputConfig.FilterConfig;
import io.logferry.config.InputConfig.ReadFrom;
import io.logferry.events.ExporterEvents;
import io.logferry.sink.stdout.StdoutSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several inputs in one run-once: routing, filters, and where files found at the first start begin. */
class InputsRunOnceTest {

  @TempDir Path dir;

  private InputConfig input(String name, String include, String group, ReadFrom readFrom, Duration ignoreOlder,
      FilterConfig... filters) {
    return new InputConfig(name, List.of(include), List.of(), group, "{file}", null, null, List.of(filters), readFrom,
        ignoreOlder);
  }

  /** Runs once and returns what the stdout sink printed: one {@code group/stream message} per event. */
  private List<String> runOnce(InputConfig... inputs) {
    ExporterConfig config =
        ExporterConfig.defaults(inputs[0].include(), dir.resolve("state"), inputs[0].groupTemplate())
            .withInputs(List.of(inputs));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Exporter exporter =
        Exporter.create(config, StdoutSink.create(new PrintStream(out, true, StandardCharsets.UTF_8)), ExporterEvents.NOOP)) {
      RunSummary summary = exporter.runOnce();
      assertThat(summary.complete()).as(summary.toString()).isTrue();
    }
    return out.toString(StandardCharsets.UTF_8).lines().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
  }

  @Test
  void eachFileGoesToTheFirstInputThatMatchesItWithThatInputsFilters() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(logs.resolve("web.log"), "GET /a\nGET /healthz\ntoken=abc GET /b\n");
    Files.writeString(logs.resolve("job.log"), "GET /healthz from a job\n");

    List<String> shipped =
        runOnce(
            input("web", logs + "/web.log", "/apps/web", ReadFrom.HEAD, null,
                FilterConfig.of(FilterConfig.Kind.EXCLUDE, "/healthz"),
                new FilterConfig(FilterConfig.Kind.REDACT, "token=\\S+", "token=***")),
            input("all", logs + "/*.log", "/apps/other", ReadFrom.HEAD, null));

    assertThat(shipped)
        .containsExactlyInAnyOrder(
            "/apps/web/web.log GET /a", "/apps/web/web.log token=*** GET /b", "/apps/other/job.log GET /healthz from a job");
  }

  @Test
  void includeFilterKeepsOnlyMatchingEvents() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "INFO a\nERROR b\nWARN c\nERROR d\n");

    assertThat(runOnce(input("errors", logs + "/*.log", "/g", ReadFrom.HEAD, null,
            FilterConfig.of(FilterConfig.Kind.INCLUDE, "^(ERROR|WARN) "))))
        .containsExactly("/g/app.log ERROR b", "/g/app.log WARN c", "/g/app.log ERROR d");
  }

  @Test
  void readFromTailSkipsWhatFilesHeldAtTheFirstStartOnly() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path a = logs.resolve("a.log");
    Files.writeString(a, "old 1\nold 2\n");
    InputConfig tail = input("tail", logs + "/*.log", "/g", ReadFrom.TAIL, null);

    assertThat(runOnce(tail)).isEmpty();

    Files.writeString(a, "new\n", StandardOpenOption.APPEND);
    Files.writeString(logs.resolve("b.log"), "b from its head\n"); // new since the first start: read from its head
    assertThat(runOnce(tail)).containsExactlyInAnyOrder("/g/a.log new", "/g/b.log b from its head");
  }

  @Test
  void ignoreOlderSkipsFilesUntouchedForLongerAtTheFirstStart() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path old = Files.writeString(logs.resolve("old.log"), "from last week\n");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
    Files.writeString(logs.resolve("fresh.log"), "from today\n");
    InputConfig in = input("in", logs + "/*.log", "/g", ReadFrom.HEAD, Duration.ofDays(1));

    assertThat(runOnce(in)).containsExactly("/g/fresh.log from today");

    Files.writeString(old, "appended later\n", StandardOpenOption.APPEND);
    assertThat(runOnce(in)).containsExactly("/g/old.log appended later");
  }
}
