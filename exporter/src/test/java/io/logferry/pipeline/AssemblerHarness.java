package io.logferry.pipeline;

import io.logferry.config.ExporterConfig;
import io.logferry.config.ExporterConfig.LineConfig;
import io.logferry.config.ExporterConfig.MultilineConfig;
import io.logferry.config.ExporterConfig.OversizePolicy;
import io.logferry.config.ExporterConfig.ParserConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.events.StreamKey;
import io.logferry.source.SourceId;
import io.logferry.testing.FakeTicker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives an assembler like a tailer does (offsets advance by the line and its {@code \n}) and records what comes
 * out: events, their stream keys, and {@code lineOversized} reports.
 */
final class AssemblerHarness {
  static final SourceId SOURCE = new SourceId("dev1:ino42:abcd", 0);
  static final Path PATH = Path.of("/var/log/pods/ns_web-7f9c_uid/app/0.log");
  static final int CLOUDWATCH_MAX_EVENT_BYTES = 1_048_576 - 26;

  final FakeTicker ticker = new FakeTicker();
  final List<LogEvent> events = new ArrayList<>();
  final List<StreamKey> keys = new ArrayList<>();
  final List<long[]> oversized = new ArrayList<>();
  final EventAssembler assembler;
  long offset;

  AssemblerHarness(ExporterConfig config, int maxEventBytes) {
    this(config, maxEventBytes, Map.of("HOSTNAME", "node-1"));
  }

  AssemblerHarness(ExporterConfig config, int maxEventBytes, Map<String, String> env) {
    BatchLimits limits = new BatchLimits(10_000, 1_048_576, 26, maxEventBytes, Duration.ofHours(24).toMillis());
    ExporterEvents recorder =
        new ExporterEvents() {
          @Override
          public void lineOversized(Path path, long lineBytes, int pieces) {
            oversized.add(new long[] {lineBytes, pieces});
          }
        };
    assembler =
        EventAssemblers.create(
            config,
            limits,
            (key, event) -> {
              keys.add(key);
              events.add(event);
            },
            recorder,
            ticker,
            env::get);
  }

  static ExporterConfig config(
      OversizePolicy oversize, MultilineConfig multiline, ParserConfig parser, String group, String stream) {
    ExporterConfig d = ExporterConfig.defaults(List.of("/var/log/**/*.log"), Path.of("/tmp/cp"), group);
    return new ExporterConfig(
        d.include(),
        d.exclude(),
        d.scanInterval(),
        d.pollInterval(),
        d.checkpointDir(),
        group,
        stream,
        new LineConfig(LineConfig.DEFAULT_MAX_LINE_BYTES, oversize),
        multiline,
        parser,
        d.flushInterval(),
        d.bufferBytes(),
        d.drainDeadline(),
        d.maxDuration(),
        d.checkpointInterval());
  }

  static ExporterConfig plain() {
    return config(OversizePolicy.SPLIT, MultilineConfig.NONE, ParserConfig.PLAIN, "app", "{hostname}/{file}");
  }

  static ExporterConfig multiline(String startPattern, Duration timeout, int maxLines) {
    return config(
        OversizePolicy.SPLIT,
        new MultilineConfig(startPattern, timeout, maxLines),
        ParserConfig.PLAIN,
        "app",
        "{file}");
  }

  static ExporterConfig parser(ParserConfig parser) {
    return config(OversizePolicy.SPLIT, MultilineConfig.NONE, parser, "app", "{file}");
  }

  /** One complete line followed by {@code \n}. */
  void line(String text) {
    line(text.getBytes(StandardCharsets.UTF_8));
  }

  void line(byte[] bytes) {
    long start = offset;
    offset += bytes.length + 1;
    assembler.onLine(SOURCE, PATH, bytes, 0, bytes.length, start, offset, true);
  }

  /**
   * One line handed over in pieces of {@code pieceSize} bytes (the last one complete), each piece copied into a
   * reused, dirtied buffer at a non-zero offset, as a tailer's read buffer would be.
   */
  void linePieces(byte[] line, int pieceSize) {
    byte[] buffer = new byte[pieceSize + 16];
    int pos = 0;
    do {
      int n = Math.min(pieceSize, line.length - pos);
      java.util.Arrays.fill(buffer, (byte) 'X');
      System.arraycopy(line, pos, buffer, 7, n);
      boolean complete = pos + n == line.length;
      long start = offset;
      offset += n + (complete ? 1 : 0);
      assembler.onLine(SOURCE, PATH, buffer, 7, n, start, offset, complete);
      pos += n;
    } while (pos < line.length);
  }

  List<String> messages() {
    List<String> out = new ArrayList<>();
    for (LogEvent e : events) out.add(e.message());
    return out;
  }

  List<Long> commitOffsets() {
    List<Long> out = new ArrayList<>();
    for (LogEvent e : events) out.add(e.commitOffset());
    return out;
  }
}
