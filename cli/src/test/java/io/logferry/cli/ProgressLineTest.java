package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void rewritesOneLineInPlaceAndErasesItAtTheEnd() {
    StringWriter out = new StringWriter();
    AtomicLong now = new AtomicLong(0);
    AtomicReference<ProgressLine.Progress> progress = new AtomicReference<>(new ProgressLine.Progress(3L << 30, 12_345_678, 2L << 30));
    ProgressLine line = new ProgressLine(new PrintWriter(out), progress::get, now::get);

    now.set(2_000_000_000L);
    line.tick();
    assertThat(out.toString()).isEqualTo("\rlogferry: read 3.00 GiB, delivered 12,345,678 events (2.00 GiB), 1.50 GiB/s");

    progress.set(new ProgressLine.Progress(5 * 1024, 7, 100));
    now.set(4_000_000_000L);
    int before = out.toString().length();
    line.tick();
    String second = out.toString().substring(before);
    assertThat(second).startsWith("\rlogferry: read 5.0 KiB, delivered 7 events (100 B), 1.3 KiB/s");
    assertThat(second.length()).as("padded over the longer previous line").isEqualTo(before);

    line.close();
    String erased = out.toString().substring(before + second.length());
    assertThat(erased).matches("\r +\r");
    line.close();
    line.tick();
    assertThat(out.toString()).endsWith(erased).hasSize(before + second.length() + erased.length());
  }

  @Test
  void saysOnlyWhatWasReadWhenTheSinkConfirmsNoBatches() {
    assertThat(ProgressLine.render(new ProgressLine.Progress(3 * 1024 * 1024, 0, 0), 2_000_000_000L))
        .isEqualTo("logferry: read 3.0 MiB, 1.5 MiB/s");
  }

  @Test
  void printsNothingWhereStderrIsNotATerminalOrTheFormatIsJson() throws Exception {
    StringWriter out = new StringWriter();
    // Under the test runner stderr is a pipe or a file, never a terminal.
    assertThat(ProgressLine.stderrIsATerminal()).isFalse();
    try (ProgressLine line = ProgressLine.start(new PrintWriter(out), LogFormat.TEXT, () -> new ProgressLine.Progress(1, 1, 1));
        ProgressLine json = ProgressLine.start(new PrintWriter(out), LogFormat.JSON, () -> new ProgressLine.Progress(1, 1, 1))) {
      Thread.sleep(50);
    }
    assertThat(out.toString()).isEmpty();
  }
}
