package io.logferry.source;

import io.logferry.checkpoint.Checkpoints;
import io.logferry.checkpoint.OffsetLedger;
import io.logferry.events.ExporterEvents;
import io.logferry.time.Ticker;
import java.util.Objects;

/** Builds {@link FileTailer}s. */
public final class FileTailers {

  private FileTailers() {}

  /**
   * A polling tailer over the files {@code settings} selects. A file whose identity has an entry in the ledger's
   * store (and whose head still matches it) resumes at its checkpointed offset, any other from 0. Delivery feeds
   * {@link OffsetLedger#acknowledged} (in memory; the caller decides when to {@link Checkpoints#write()}).
   */
  public static FileTailer create(TailerSettings settings, OffsetLedger ledger, ExporterEvents events, Ticker ticker) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(events, "events");
    return new PollingFileTailer(settings, new GlobPathsProvider(settings.include(), settings.exclude(), events),
        Objects.requireNonNull(ledger, "ledger"), events, Objects.requireNonNull(ticker, "ticker"));
  }

  /**
   * A tailer with a ledger of its own over {@code checkpoints}, for callers that only read and never acknowledge
   * (benchmarks, tools): files resume at their checkpointed offsets, nothing moves them.
   */
  public static FileTailer create(TailerSettings settings, Checkpoints checkpoints, ExporterEvents events, Ticker ticker) {
    return create(settings, new OffsetLedger(checkpoints, Objects.requireNonNull(ticker, "ticker")), events, ticker);
  }

  /** Same as {@link #create(TailerSettings, OffsetLedger, ExporterEvents, Ticker)}, with another discovery. */
  public static FileTailer create(
      TailerSettings settings, PathsProvider paths, OffsetLedger ledger, ExporterEvents events, Ticker ticker) {
    return new PollingFileTailer(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(paths, "paths"),
        Objects.requireNonNull(ledger, "ledger"), Objects.requireNonNull(events, "events"),
        Objects.requireNonNull(ticker, "ticker"));
  }
}
