package io.logferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.config.ExporterConfig.MultilineConfig.Preset;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The python and go presets join a traceback or a panic into one event, and leave ordinary lines alone. */
class MultilinePresetTest {

  private static AssemblerHarness preset(Preset preset) {
    return new AssemblerHarness(AssemblerHarness.multiline(preset.startPattern(), Duration.ofSeconds(2), 1000), 100_000);
  }

  @Test
  void pythonTracebackJoinsTheLineThatLoggedIt() {
    List<String> traceback =
        List.of(
            "2026-12-01 10:00:01,123 ERROR app: request failed",
            "Traceback (most recent call last):",
            "  File \"/app/server.py\", line 42, in handle",
            "    result = compute(x)",
            "KeyError: 'user'",
            "",
            "During handling of the above exception, another exception occurred:",
            "",
            "Traceback (most recent call last):",
            "  File \"/app/server.py\", line 44, in handle",
            "    raise AppError('bad request') from None",
            "app.errors.AppError: bad request");
    AssemblerHarness h = preset(Preset.PYTHON);
    h.line("2026-12-01 10:00:00,000 INFO app: started");
    for (String l : traceback) h.line(l);
    h.line("2026-12-01 10:00:02,000 INFO app: next");
    h.assembler.flushAll();

    assertThat(h.messages())
        .containsExactly(
            "2026-12-01 10:00:00,000 INFO app: started",
            String.join("\n", traceback),
            "2026-12-01 10:00:02,000 INFO app: next");
  }

  @Test
  void goPanicIsOneEvent() {
    List<String> panic =
        List.of(
            "panic: runtime error: index out of range [3] with length 3",
            "",
            "goroutine 1 [running]:",
            "main.lookup(...)",
            "\t/app/main.go:12",
            "net/http.(*conn).serve(0xc000118000, {0x6b7a30, 0xc000104000})",
            "\t/usr/local/go/src/net/http/server.go:2009 +0x8ec",
            "created by net/http.(*Server).Serve in goroutine 1",
            "\t/usr/local/go/src/net/http/server.go:3086 +0x5cb",
            "exit status 2");
    AssemblerHarness h = preset(Preset.GO);
    h.line("2026/12/01 10:00:00 listening on :8080");
    for (String l : panic) h.line(l);
    h.line("2026/12/01 10:00:05 listening on :8080");
    h.assembler.flushAll();

    assertThat(h.messages())
        .containsExactly(
            "2026/12/01 10:00:00 listening on :8080", String.join("\n", panic), "2026/12/01 10:00:05 listening on :8080");
  }
}
